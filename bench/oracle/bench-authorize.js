#!/usr/bin/env node
'use strict'
/*
 * Times iam-simulate's core authorize() on pre-parsed input, for bench/compare-oracle.sh.
 *
 *   node bench/oracle/bench-authorize.js ORACLE_DIR CASES.jsonl [SECONDS]
 *
 * CASES.jsonl: cases in the oracle's input format (identity policies + request), e.g. written by
 * dev.iamlocal.bench.ExportScenarios. Loads iam-simulate once, then measures for SECONDS each
 * (after a warm-up of the same length):
 *   compiledOnce: policies parsed (loadPolicy) and requests built once; each operation = authorize()
 *   perScenario:  each operation = loadPolicy() of the scenario's (already parsed) policies + authorize()
 *   perScenarioText: each operation = JSON.parse + loadPolicy() of the policies' text + authorize()
 * Prints one JSON line: {"compiledOnce": decisions/s, "perScenario": decisions/s, "perScenarioText": decisions/s, "agree": n, "cases": n}
 * where "agree" counts cases whose decision equals the case's "expected" (our engine's answer).
 */
const path = require('path')
const [oracleDir, file, secondsArg] = process.argv.slice(2)
if (!oracleDir || !file) {
  console.error('usage: bench-authorize.js ORACLE_DIR CASES.jsonl [SECONDS]')
  process.exit(2)
}
const seconds = Number(secondsArg || 5)
const simMain = require.resolve('@cloud-copilot/iam-simulate', { paths: [oracleDir] })
const dist = path.dirname(simMain)
const { authorize } = require(path.join(dist, 'core_engine/CoreSimulatorEngine.js'))
const { AwsRequestImpl } = require(path.join(dist, 'request/request.js'))
const { RequestContextImpl } = require(path.join(dist, 'requestContext.js'))
const { DiscoveryContextKeyConstraints } = require(path.join(dist, 'context_keys/discoveryContextKeyConstraints.js'))
const { loadPolicy } = require(require.resolve('@cloud-copilot/iam-policy', { paths: [dist] }))

const cases = require('fs').readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))
const params = { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) }
const docs = (c) => (c.identityPolicies || []).map((p, i) => (p.policy ? { name: p.name || `identity-${i}`, policy: p.policy } : { name: `identity-${i}`, policy: p }))
const request = (c) => {
  const r = c.request
  const resource = { resource: r.resource, accountId: r.resourceAccount }
  return new AwsRequestImpl(r.principal, resource, r.action, new RequestContextImpl(r.context || {}))
}
const input = (c, policies, rq) => ({
  request: rq, identityPolicies: policies, serviceControlPolicies: [], resourceControlPolicies: [],
  simulationParameters: params
})
const prepared = cases.map((c) => ({ policies: docs(c).map((p) => loadPolicy(p.policy, { name: p.name })), request: request(c) }))
const spell = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' }
let agree = 0
prepared.forEach((p, i) => { if (spell[authorize(input(cases[i], p.policies, p.request)).result] === cases[i].expected) agree++ })

function measure(op) {
  const run = (ms) => {
    let n = 0
    const end = process.hrtime.bigint() + BigInt(ms) * 1000000n
    const t0 = process.hrtime.bigint()
    while (process.hrtime.bigint() < end) {
      for (let i = 0; i < cases.length; i++) op(i)
      n += cases.length
    }
    return n / (Number(process.hrtime.bigint() - t0) / 1e9)
  }
  run(seconds * 1000) // warm-up
  return run(seconds * 1000)
}
let sink = 0
const compiledOnce = measure((i) => { sink += authorize(input(cases[i], prepared[i].policies, prepared[i].request)).result.length })
const perScenario = measure((i) => {
  const policies = docs(cases[i]).map((p) => loadPolicy(p.policy, { name: p.name }))
  sink += authorize(input(cases[i], policies, request(cases[i]))).result.length
})
// The same with each policy given as its JSON text, as a policy document travels in IAM's APIs and
// as our perScenario benchmark parses it: JSON.parse (native code) + loadPolicy per scenario.
const texts = cases.map((c) => docs(c).map((p) => ({ name: p.name, text: JSON.stringify(p.policy) })))
const perScenarioText = measure((i) => {
  const policies = texts[i].map((p) => loadPolicy(JSON.parse(p.text), { name: p.name }))
  sink += authorize(input(cases[i], policies, request(cases[i]))).result.length
})
console.log(JSON.stringify({ compiledOnce: Math.round(compiledOnce), perScenario: Math.round(perScenario), perScenarioText: Math.round(perScenarioText), agree, cases: cases.length, sink: sink > 0 }))
