import type { BenchScenario, ScenarioFigureDefinition } from '../plan/bench-scenario.js';
import type {
  BenchResults,
  RoundMeasurement,
  ScenarioFigure,
  ScenarioResult,
  TargetResult,
} from '../results/bench-results.js';
import { roundRatios, type Spread, spread } from './statistics.js';

function valuesOf(rounds: readonly RoundMeasurement[], definition: ScenarioFigureDefinition) {
  return rounds.map((round) => ({ round: round.round, value: round[definition.metric] }));
}

function spreadOf(
  rounds: readonly RoundMeasurement[],
  definition: ScenarioFigureDefinition,
): Spread | undefined {
  return rounds.length === 0 ? undefined : spread(rounds.map((round) => round[definition.metric]));
}

/** `2 of 3 rounds left calls unanswered after the window (at most 1)`, or `undefined`. */
export function unfinishedNote(rounds: readonly RoundMeasurement[]): string | undefined {
  const counts = rounds.map((round) => round.unfinishedCalls ?? 0);
  const affected = counts.filter((count) => count > 0).length;
  if (affected === 0) return undefined;
  return (
    `${affected} of ${rounds.length} rounds left calls unanswered after the window ` +
    `(at most ${Math.max(...counts)})`
  );
}

function firstFailure(result: TargetResult | undefined): string {
  return result?.failures[0] ?? 'no round completed';
}

/** The figure for one target: its value, the baseline's, and the round-by-round ratio. */
function figureFor(
  definition: ScenarioFigureDefinition,
  target: string,
  baseline: string,
  result: TargetResult | undefined,
  baselineResult: TargetResult | undefined,
): ScenarioFigure {
  const head = {
    key: definition.key,
    title: definition.title,
    configurationId: definition.configuration.id,
    metric: definition.metric,
    target,
    baseline,
  };
  const baselineValue =
    baselineResult === undefined ? undefined : spreadOf(baselineResult.rounds, definition);
  const withBaseline = baselineValue === undefined ? head : { ...head, baselineValue };
  if (result === undefined) return { ...withBaseline, status: 'not run' };
  const value = spreadOf(result.rounds, definition);
  if (value === undefined) {
    return { ...withBaseline, status: 'failed', note: firstFailure(result) };
  }
  const ratios =
    baselineResult === undefined || target === baseline
      ? []
      : roundRatios(
          valuesOf(result.rounds, definition),
          valuesOf(baselineResult.rounds, definition),
        );
  const notes: string[] = [];
  if (target !== baseline && ratios.length === 0) {
    notes.push(
      baselineResult === undefined
        ? `${baseline} was not run`
        : baselineValue === undefined
          ? `${baseline} failed: ${firstFailure(baselineResult)}`
          : `no round of ${target} pairs with a round of ${baseline}`,
    );
  }
  if (result.failures.length > 0) {
    notes.push(`${result.failures.length} round(s) failed: ${result.failures[0]}`);
  }
  const unfinished = unfinishedNote(result.rounds);
  if (unfinished !== undefined) notes.push(unfinished);
  const note = notes.length === 0 ? undefined : notes.join('; ');
  return {
    ...withBaseline,
    status: 'measured',
    value,
    ...(ratios.length > 0 && { ratio: spread(ratios) }),
    ...(note !== undefined && { note }),
  };
}

/**
 * Computes a scenario's figures from a run: for every figure, one entry per target of the run
 * (in the run's target order, the baseline included with its own value and no ratio), each
 * target's metric as target ÷ baseline paired round by round. A target with no completed round
 * is `failed` with its first failure message; a target that was not run is left out.
 */
export function computeScenarioFigures(
  results: BenchResults,
  scenario: BenchScenario,
): ScenarioResult {
  const measured = results.targets
    .filter((target) => target.status === 'measured')
    .map((target) => target.name);
  const figures: ScenarioFigure[] = [];
  for (const definition of scenario.figures) {
    const configuration = results.configurations.find(
      (entry) => entry.configuration.id === definition.configuration.id,
    );
    const resultOf = (target: string) =>
      configuration?.targets.find((entry) => entry.target === target);
    const baselineResult = resultOf(scenario.baseline);
    for (const target of measured) {
      figures.push(
        figureFor(definition, target, scenario.baseline, resultOf(target), baselineResult),
      );
    }
  }
  return {
    name: scenario.name,
    description: scenario.description,
    baseline: scenario.baseline,
    figures,
  };
}
