import { describe, expect, it } from 'vitest';
import { checkGoals } from '../src/report/bench-goals.js';
import {
  SAMPLE_RESULTS,
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
});
