// Impact PromQL and reading its answers: absence of data never becomes a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { impactFromResults, impactQueries, impactScopeLabels, secondsToPromDuration } from '../../../src/postmortem/impact';

test('the queries for a window and scope labels', () => {
  const q = impactQueries('1h25m', { tenant: 'acme "x"', alertname: 'TokenCostExplosion', severity: 'sev2', model: 'gpt-4o' });
  assert.equal(q.requests, 'sum(increase(llm_requests_total{model="gpt-4o",tenant="acme \\"x\\""}[1h25m]))');
  assert.equal(q.cost, 'sum(increase(llm_token_cost_dollars{model="gpt-4o",tenant="acme \\"x\\""}[1h25m]))');
  assert.equal(
    q.tenants,
    'count(count by (tenant) ((increase(llm_requests_total{status="error",tenant!="",model="gpt-4o",tenant="acme \\"x\\""}[1h25m]) > 0)' +
      ' or (increase(llm_token_cost_dollars{tenant!="",model="gpt-4o",tenant="acme \\"x\\""}[1h25m]) > 0)))',
  );
  assert.equal(impactQueries(5100).requests, 'sum(increase(llm_requests_total{}[1h25m]))');
  assert.throws(() => impactQueries('an hour'), RangeError);
});

test('durations round up to whole minutes', () => {
  assert.equal(secondsToPromDuration(1), '1m');
  assert.equal(secondsToPromDuration(3600), '1h');
  assert.equal(secondsToPromDuration(3601), '1h1m');
  assert.throws(() => secondsToPromDuration(0), RangeError);
});

test('scope labels: only those the LLM metrics carry', () => {
  assert.deepEqual(impactScopeLabels({ alertname: 'X', severity: 'sev1', instance: 'a:1', tenant: 'acme', model: 'm', route: '' }), { tenant: 'acme', model: 'm' });
});

test('reading answers: values, empty answers, errors, NaN', () => {
  const vec = (v: number | null) => ({ resultType: 'vector' as const, samples: [{ labels: {}, time: 1, value: v, histogram: null }] });
  const r = impactFromResults({ tenants: vec(3), requests: vec(12345.6), cost: vec(42.125) });
  assert.deepEqual(r, { impact: { tenants: 3, requests: 12346, cost: 42.125 }, notes: [] });

  const unknown = impactFromResults({ tenants: { resultType: 'vector', samples: [] }, requests: { error: 'Prometheus unreachable' }, cost: vec(NaN) });
  assert.deepEqual(unknown.impact, {});
  assert.deepEqual(unknown.notes, [
    'tenants: no data in the window (the metric may not exist there)',
    'requests: query failed: Prometheus unreachable',
    'cost: the value is not a number',
  ]);
  assert.deepEqual(impactFromResults({}).notes, ['tenants: not queried', 'requests: not queried', 'cost: not queried']);
  assert.deepEqual(impactFromResults({ cost: { resultType: 'scalar', time: 1, value: 2 } }).impact, { cost: 2 });
});
