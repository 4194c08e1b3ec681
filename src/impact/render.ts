/** Renders an impact report as Markdown for a pull-request comment. */
import type { AccessChange, ImpactReport, Subject } from './impact';

/** The first line of every report: tools find and update the comment by it. */
export const IMPACT_MARKER = '<!-- workos-rbac impact -->';

const code = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '—');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function describeSubject(s: Subject): string {
  switch (s.kind) {
    case 'directory_group':
      return `directory group "${s.name}"`;
    case 'sso_group':
      return `SSO group "${s.name}"`;
    case 'attribute':
      return `attribute ${s.name} = "${s.value}"`;
    case 'default_role':
      return 'members with no mapping';
    case 'membership':
      return `${s.user} (explicit roles)`;
    case 'resource_assignment':
      return `${s.user} on ${s.resource}${s.inherited_from ? ` (from ${s.inherited_from})` : ''}`;
  }
}

export function renderMarkdown(report: ImpactReport): string {
  const out = [IMPACT_MARKER];
  const orgs = [...new Set(report.changes.map((c) => c.organization))];
  const named = orgs.filter((o): o is string => o !== null);
  const warn = report.warnings.length ? `, ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}` : '';
  if (report.changes.length === 0) {
    out.push(`**Access impact:** no change to anyone's access${warn}.`);
  } else {
    const n = report.changes.length;
    const where = [...(orgs.includes(null) ? ['the environment'] : []), ...named].join(', ');
    out.push(`**Access impact:** ${n} ${n === 1 ? 'subject changes' : 'subjects change'} access in ${where}${warn}.`);
  }
  for (const org of orgs) {
    const rows = report.changes.filter((c) => c.organization === org);
    out.push('', `### ${org === null ? 'Environment (organizations without their own policy)' : org}`, '', '| who | roles before | roles after | gains | loses |', '| --- | --- | --- | --- | --- |');
    for (const c of rows) out.push(row(c));
  }
  if (report.warnings.length) {
    out.push('', '### Warnings', '');
    for (const w of report.warnings) out.push(`- **${w.kind}**: ${cell(w.message)}`);
  }
  return out.join('\n') + '\n';
}

function row(c: AccessChange & { members?: number }): string {
  // A group counts its active directory users (suspended and inactive ones hold no role).
  const who = c.subject.kind === 'directory_group' ? 'active member' : 'member';
  const members = c.members === undefined ? '' : ` (${c.members} ${who}${c.members === 1 ? '' : 's'} now)`;
  return `| ${cell(describeSubject(c.subject) + members)} | ${code(c.roles.before)} | ${code(c.roles.after)} | ${code(c.permissions.gained)} | ${code(c.permissions.lost)} |`;
}
