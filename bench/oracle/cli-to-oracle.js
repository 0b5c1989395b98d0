#!/usr/bin/env node
'use strict'
/*
 * Converts an `iamlocal simulate --input` file (a JSON array of scenarios, or one scenario) into the
 * oracle's JSONL input, for the whole-process comparison in bench/compare-oracle.sh.
 *
 *   node bench/oracle/cli-to-oracle.js SCENARIOS.json OUT.jsonl
 *
 * Mapping: identityPolicies -> identityPolicies; permissionsBoundary -> permissionBoundaries[0];
 * sessionPolicies[0] -> sessionPolicy (the oracle takes one); resourcePolicy; SCP/RCP levels ->
 * [{orgIdentifier, policies}]; vpcEndpointPolicies; principalTags -> aws:PrincipalTag/K context keys.
 * A policy may be an object, a JSON string or {"name", "policy"}.
 */
const fs = require('fs')
const [inFile, outFile] = process.argv.slice(2)
if (!inFile || !outFile) {
  console.error('usage: cli-to-oracle.js SCENARIOS.json OUT.jsonl')
  process.exit(2)
}
const doc = (p) => (typeof p === 'string' ? JSON.parse(p) : p && p.policy !== undefined ? doc(p.policy) : p)
const levels = (ls) => (ls || []).map((l, i) => ({ orgIdentifier: `level-${i}`, policies: l.map(doc) }))
let scenarios = JSON.parse(fs.readFileSync(inFile, 'utf8'))
if (!Array.isArray(scenarios)) scenarios = [scenarios]
const out = fs.createWriteStream(outFile)
scenarios.forEach((s, i) => {
  const context = { ...(s.context || {}) }
  for (const [k, v] of Object.entries(s.principalTags || {})) context[`aws:PrincipalTag/${k}`] = v
  const c = { name: s.name || `scenario-${i}`, identityPolicies: (s.identityPolicies || []).map(doc) }
  if (s.permissionsBoundary) c.permissionBoundaries = [doc(s.permissionsBoundary)]
  if (s.sessionPolicies && s.sessionPolicies.length) c.sessionPolicy = doc(s.sessionPolicies[0])
  if (s.resourcePolicy) c.resourcePolicy = doc(s.resourcePolicy)
  if (s.serviceControlPolicies) c.serviceControlPolicies = levels(s.serviceControlPolicies)
  if (s.resourceControlPolicies) c.resourceControlPolicies = levels(s.resourceControlPolicies)
  if (s.vpcEndpointPolicies) c.vpcEndpointPolicies = s.vpcEndpointPolicies.map(doc)
  c.request = { principal: s.principal, action: s.action, resource: s.resource || '*', context }
  if (s.resourceAccount) c.request.resourceAccount = s.resourceAccount
  out.write(JSON.stringify(c) + '\n')
})
out.end()
