import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../src/cli/bench-options.js';
import { buildBenchPlan } from '../src/plan/bench-plan.js';
import { checkGoals } from '../src/report/bench-goals.js';
import { renderMarkdownSummary } from '../src/report/markdown-report.js';
import {
  GRPC_RESULTS,
  SAMPLE_RESULTS,
  withDetectingRounds,
  withGrpcRounds,
  withInterceptorRounds,
  withTracedRounds,
  withUnconvertedRounds,
} from './sample-results.js';

/** The check of the goal `goal` in `results`, for `target` (yrpc unless given). */
function goalCheck(goal: string) {
  return (results: Parameters<typeof checkGoals>[0], target = 'yrpc') =>
    checkGoals(results, target).find((check) => check.goal === goal);
}

describe('checkGoals', () => {
  it('marks each goal met, missed or not measured from the median round ratio', () => {
    const goals = checkGoals(SAMPLE_RESULTS, 'yrpc');
    expect(goals.map((goal) => goal.status)).toEqual([
      'met',
      'met',
      'not measured',
      'met',
      // The goals on two targets side by side: none of the opt-in ones ran.
      'not measured',
      'not measured',
      'not measured',
      'not measured',
      'not measured',
      'not measured',
      'not measured',
    ]);
    // p99 ratios 300/200, 320/210, 310/190 → 1.50, 1.52, 1.63.
    expect(goals[3]?.figure).toBe('1.52× (1.50–1.63)');
  });

  it('marks a goal missed when the ratio falls short', () => {
    const goals = checkGoals(SAMPLE_RESULTS, 'grpc-js');
    expect(goals[1]).toMatchObject({ status: 'missed', figure: '0.0071× (0.0067–0.0079)' });
    expect(goals[0]?.status).toBe('not measured');
  });

  it('reports nothing measured for a target that did not run', () => {
    expect(checkGoals(SAMPLE_RESULTS, 'net').every((goal) => goal.status === 'not measured')).toBe(
      true,
    );
  });

  describe('the interceptor overhead (yrpc-interceptors ÷ yrpc, 64 in flight · 16 B)', () => {
    const INTERCEPTORS_GOAL =
      'calls/s at 64 in flight, 16 B with a no-op client and a no-op server interceptor: ' +
      "at least 90% of yrpc's";
    const interceptorGoal = goalCheck(INTERCEPTORS_GOAL);

    it('is met at 90% of yrpc or more, paired round by round', () => {
      // 360k/400k, 361k/380k, 399k/420k → 0.90, 0.95, 0.95.
      expect(interceptorGoal(withInterceptorRounds([360_000, 361_000, 399_000]))).toEqual({
        goal: INTERCEPTORS_GOAL,
        status: 'met',
        figure: '0.95× (0.90–0.95)',
      });
      // Exactly 90% in every round.
      expect(interceptorGoal(withInterceptorRounds([360_000, 342_000, 378_000]))?.status).toBe(
        'met',
      );
    });

    it('pairs rounds instead of dividing the medians', () => {
      // Round by round 300k/400k, 380k/380k, 420k/420k → 0.75, 1, 1: median 1 (the medians'
      // ratio would be 380k/400k = 0.95).
      expect(interceptorGoal(withInterceptorRounds([300_000, 380_000, 420_000]))).toMatchObject({
        status: 'met',
        figure: '1.00× (0.75–1.00)',
      });
    });

    it('is missed below 90% of yrpc', () => {
      // 320k/400k, 323k/380k, 378k/420k → 0.80, 0.85, 0.90.
      expect(interceptorGoal(withInterceptorRounds([320_000, 323_000, 378_000]))).toMatchObject({
        status: 'missed',
        figure: '0.85× (0.80–0.90)',
      });
    });

    it('is not measured when either target did not run or no round completed', () => {
      const measured = withInterceptorRounds([360_000, 361_000, 399_000]);
      const withoutYrpc = {
        ...measured,
        configurations: measured.configurations.map((configuration) => ({
          ...configuration,
          targets: configuration.targets.filter((result) => result.target !== 'yrpc'),
        })),
      };
      for (const results of [SAMPLE_RESULTS, withoutYrpc, withInterceptorRounds([])]) {
        expect(interceptorGoal(results)).toEqual({
          goal: INTERCEPTORS_GOAL,
          status: 'not measured',
          figure: '—',
        });
      }
      // A goal of yrpc: checked for another target, it says nothing.
      expect(interceptorGoal(measured, 'raw')?.status).toBe('not measured');
    });
  });

  describe('the cost of message conversion (yrpc ÷ yrpc-unconverted, 64 in flight · 16 B)', () => {
    const UNCONVERTED_GOAL =
      "calls/s at 64 in flight, 16 B: at least 95% of yrpc-unconverted's " +
      '(message conversion costs at most 5%)';
    const conversionGoal = goalCheck(UNCONVERTED_GOAL);

    // yrpc's rounds are 400k, 380k, 420k; the ratios are yrpc's over these, round by round.
    it.each([
      { unconverted: [410_000, 390_000, 430_000], status: 'met', figure: '0.98× (0.97–0.98)' },
      // 1, 0.95, 0.91: exactly 95% in the median round.
      { unconverted: [400_000, 400_000, 460_000], status: 'met', figure: '0.95× (0.91–1.00)' },
      // yrpc faster than before conversion.
      { unconverted: [380_000, 380_000, 380_000], status: 'met', figure: '1.05× (1.00–1.11)' },
      // 0.909, 0.905, 0.913: conversion costs more than 5%.
      { unconverted: [440_000, 420_000, 460_000], status: 'missed', figure: '0.91× (0.90–0.91)' },
      // Every round of yrpc-unconverted failed.
      { unconverted: [], status: 'not measured', figure: '—' },
    ])('is $status at yrpc-unconverted rounds $unconverted', ({ unconverted, status, figure }) => {
      expect(conversionGoal(withUnconvertedRounds(unconverted))).toEqual({
        goal: UNCONVERTED_GOAL,
        status,
        figure,
      });
    });

    it('is not measured unless both ran, and only for yrpc', () => {
      const measured = withUnconvertedRounds([410_000, 390_000, 430_000]);
      expect(conversionGoal(SAMPLE_RESULTS)?.status).toBe('not measured');
      expect(conversionGoal(withInterceptorRounds([360_000, 361_000, 399_000]))?.status).toBe(
        'not measured',
      );
      expect(conversionGoal(measured, 'yrpc-unconverted')?.status).toBe('not measured');
      // Each goal reads its own pair: the interceptor goal says nothing of this run.
      expect(checkGoals(measured, 'yrpc').map((goal) => goal.status)).toEqual([
        'met',
        'met',
        'not measured',
        'met',
        'not measured',
        'met',
        'not measured',
        'not measured',
        'not measured',
        'not measured',
        'not measured',
      ]);
    });
  });

  describe('the cost of tracing (yrpc-traced ÷ yrpc, 64 in flight · 16 B)', () => {
    const TRACING_GOAL = "calls/s at 64 in flight, 16 B with tracing: at least 80% of yrpc's";
    const tracingGoal = goalCheck(TRACING_GOAL);

    // yrpc's rounds are 400k, 380k, 420k; the ratios are these over yrpc's, round by round.
    it.each([
      { traced: [320_000, 312_000, 340_000], status: 'met', figure: '0.81× (0.80–0.82)' },
      // 0.75, 0.79, 0.76.
      { traced: [300_000, 300_000, 320_000], status: 'missed', figure: '0.76× (0.75–0.79)' },
      { traced: [], status: 'not measured', figure: '—' },
    ])('is $status at yrpc-traced rounds $traced', ({ traced, status, figure }) => {
      expect(tracingGoal(withTracedRounds(traced))).toEqual({ goal: TRACING_GOAL, status, figure });
    });

    it('is not measured unless both ran, and only for yrpc', () => {
      expect(tracingGoal(SAMPLE_RESULTS)?.status).toBe('not measured');
      expect(
        tracingGoal(withTracedRounds([320_000, 312_000, 340_000]), 'yrpc-traced')?.status,
      ).toBe('not measured');
    });
  });

  describe('the gRPC goals (against grpc-js, 64 in flight · 16 B)', () => {
    const GRPC_SERVER_GOAL =
      'a grpc-js client at 64 in flight, 16 B: at least 2× the calls/s calling yrpc over gRPC ' +
      'as calling a grpc-js server';
    const GRPC_SERVER_CPU_GOAL =
      'a grpc-js client at 64 in flight, 16 B: the yrpc server over gRPC spends at most half ' +
      "the grpc-js server's CPU per call";
    const GRPC_CLIENT_GOAL =
      'calling a grpc-js server at 64 in flight, 16 B: the yrpc client in gRPC mode makes at ' +
      "least 3× the grpc-js client's calls/s";
    const serverGoal = goalCheck(GRPC_SERVER_GOAL);
    const serverCpuGoal = goalCheck(GRPC_SERVER_CPU_GOAL);
    const clientGoal = goalCheck(GRPC_CLIENT_GOAL);

    // grpc-js's rounds are 5k, 4k, 6k calls/s, its server at 1.5 µs of CPU per call in each.
    it.each([
      // 2.00, 2.25, 1.83.
      { calls: [10_000, 9_000, 11_000], status: 'met', figure: '2.00× (1.83–2.25)' },
      // Exactly 2× in every round.
      { calls: [10_000, 8_000, 12_000], status: 'met', figure: '2.00× (2.00–2.00)' },
      // 1.80, 1.75, 1.83.
      { calls: [9_000, 7_000, 11_000], status: 'missed', figure: '1.80× (1.75–1.83)' },
      { calls: [], status: 'not measured', figure: '—' },
    ])(
      'calls/s with the grpc-js client is $status at grpc-js-to-yrpc rounds $calls',
      ({ calls, status, figure }) => {
        expect(serverGoal(withGrpcRounds({ callsPerSecond: calls }, []))).toEqual({
          goal: GRPC_SERVER_GOAL,
          status,
          figure,
        });
      },
    );

    it.each([
      // ÷ 1.5: 0.40, 0.50, 0.47.
      { cpu: [0.6, 0.75, 0.7], status: 'met', figure: '0.47× (0.40–0.50)' },
      // Exactly half in every round.
      { cpu: [0.75, 0.75, 0.75], status: 'met', figure: '0.50× (0.50–0.50)' },
      // 0.60, 0.50, 0.53.
      { cpu: [0.9, 0.75, 0.8], status: 'missed', figure: '0.53× (0.50–0.60)' },
    ])(
      'server CPU per call is $status at grpc-js-to-yrpc server CPU $cpu µs',
      ({ cpu, status, figure }) => {
        const results = withGrpcRounds(
          { callsPerSecond: [10_000, 9_000, 11_000], serverCpuUsPerCall: cpu },
          [],
        );
        expect(serverCpuGoal(results)).toEqual({ goal: GRPC_SERVER_CPU_GOAL, status, figure });
      },
    );

    it.each([
      // 3.00, 3.25, 3.17.
      { calls: [15_000, 13_000, 19_000], status: 'met', figure: '3.17× (3.00–3.25)' },
      // 2.80, 3.00, 2.83.
      { calls: [14_000, 12_000, 17_000], status: 'missed', figure: '2.83× (2.80–3.00)' },
      { calls: [], status: 'not measured', figure: '—' },
    ])(
      'the yrpc client in gRPC mode is $status at yrpc-grpc-client rounds $calls',
      ({ calls, status, figure }) => {
        expect(clientGoal(withGrpcRounds({ callsPerSecond: [] }, calls))).toEqual({
          goal: GRPC_CLIENT_GOAL,
          status,
          figure,
        });
      },
    );

    it('are measured in a run without yrpc, and shown in its summary', () => {
      // The README's command runs these three on the goals' configuration only.
      const options = parseBenchOptions(
        [
          '--targets',
          'grpc-js,grpc-js-to-yrpc,yrpc-grpc-client',
          '--payloads',
          '16',
          '--concurrency',
          '64',
        ],
        '/',
      );
      expect(options.targets).toEqual(['grpc-js-to-yrpc', 'yrpc-grpc-client', 'grpc-js']);
      expect(buildBenchPlan(options.quick, options, {}).configurations.map(({ id }) => id)).toEqual(
        ['c64-p16-n1'],
      );
      // GRPC_RESULTS is such a run.
      expect(GRPC_RESULTS.targets.map((target) => target.name)).toEqual([
        'grpc-js-to-yrpc',
        'yrpc-grpc-client',
        'grpc-js',
      ]);
      expect(checkGoals(GRPC_RESULTS, 'yrpc').map((goal) => goal.status)).toEqual([
        'not measured',
        'not measured',
        'not measured',
        'not measured',
        'not measured',
        'not measured',
        'not measured',
        'met',
        'met',
        'met',
        'not measured',
      ]);
      const markdown = renderMarkdownSummary(GRPC_RESULTS);
      expect(markdown).toContain(`| ${GRPC_SERVER_GOAL} | 2.00× (1.83–2.25) | met |`);
      expect(markdown).toContain(`| ${GRPC_SERVER_CPU_GOAL} | 0.47× (0.40–0.50) | met |`);
      expect(markdown).toContain(`| ${GRPC_CLIENT_GOAL} | 3.17× (3.00–3.25) | met |`);
    });

    it('are not measured unless grpc-js and the gRPC target both ran, and only for yrpc', () => {
      const withoutGrpcJs = {
        ...GRPC_RESULTS,
        configurations: GRPC_RESULTS.configurations.map((configuration) => ({
          ...configuration,
          targets: configuration.targets.filter((result) => result.target !== 'grpc-js'),
        })),
      };
      for (const goal of [serverGoal, serverCpuGoal, clientGoal]) {
        expect(goal(SAMPLE_RESULTS)?.status).toBe('not measured');
        expect(goal(withoutGrpcJs)?.status).toBe('not measured');
        // Goals of yrpc: checked for another target, they say nothing.
        expect(goal(GRPC_RESULTS, 'grpc-js')?.status).toBe('not measured');
      }
    });
  });

  describe('the cost of telling protocols apart (yrpc-detecting ÷ yrpc, 64 in flight · 16 B)', () => {
    const DETECTING_GOAL =
      "calls/s at 64 in flight, 16 B on a server that also serves HTTP: within 3% of yrpc's " +
      '(telling protocols apart costs the yrpc protocol nothing)';
    const detectingGoal = goalCheck(DETECTING_GOAL);

    // yrpc's rounds are 400k, 380k, 420k; the ratios are these over yrpc's, round by round.
    it.each([
      // 0.98, 1.00, 1.03.
      { detecting: [392_000, 380_000, 432_600], status: 'met', figure: '1.00× (0.98–1.03)' },
      // 0.97 in every round: the lower edge.
      { detecting: [388_000, 368_600, 407_400], status: 'met', figure: '0.97× (0.97–0.97)' },
      // 0.95 in every round.
      { detecting: [380_000, 361_000, 399_000], status: 'missed', figure: '0.95× (0.95–0.95)' },
      // 1.04 in every round: more than 3% off, faster as much as slower.
      { detecting: [416_000, 395_200, 436_800], status: 'missed', figure: '1.04× (1.04–1.04)' },
      { detecting: [], status: 'not measured', figure: '—' },
    ])('is $status at yrpc-detecting rounds $detecting', ({ detecting, status, figure }) => {
      expect(detectingGoal(withDetectingRounds(detecting))).toEqual({
        goal: DETECTING_GOAL,
        status,
        figure,
      });
    });

    it('is not measured unless both ran, and only for yrpc', () => {
      expect(detectingGoal(SAMPLE_RESULTS)?.status).toBe('not measured');
      expect(detectingGoal(GRPC_RESULTS)?.status).toBe('not measured');
      expect(
        detectingGoal(withDetectingRounds([392_000, 380_000, 432_600]), 'yrpc-detecting')?.status,
      ).toBe('not measured');
    });
  });
});
