/** The guardrails section of the Markdown impact report, after the tables and warnings. */
import type { PolicyResult } from './evaluate';

const cell = (s: string) => s.replace(/\n/g, ' ');

export function renderDecision(result: PolicyResult, ruleCount: number): string {
  const out = ['', '### Guardrails', ''];
  const [only] = result.findings;
  if (result.findings.length === 0) {
    out.push(`**Guardrails: ALLOW** — ${ruleCount} rule${ruleCount === 1 ? '' : 's'}, none fired.`);
  } else if (result.findings.length === 1 && only) {
    out.push(`**Guardrails: ${result.decision}** — rule \`${only.rule}\`: ${cell(only.message)}`);
  } else {
    out.push(`**Guardrails: ${result.decision}** — ${result.findings.length} findings:`, '');
    for (const f of result.findings) out.push(`- ${f.severity === 'block' ? 'BLOCK' : 'WARN'}: rule \`${f.rule}\`: ${cell(f.message)}`);
  }
  return out.join('\n') + '\n';
}
