/** Renders an audit report as Markdown for a pull request or an issue (README, "Auditing access: least privilege"). */
import { describeSubject } from '../impact/render';
import { describePath, type AuditReport } from './findings';

/** The first line of every report: tools find and update the comment or issue by it. */
export const AUDIT_MARKER = '<!-- workos-rbac audit -->';

const code = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '—');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const scope = (organization: string | null) => cell(organization ?? 'environment');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderAuditMarkdown(report: AuditReport, top: number): string {
  const out = [
    AUDIT_MARKER,
    `**Access audit:** ${plural(report.unused_permissions.length, 'unused permission')}, ${plural(report.idle_roles.length, 'idle role')}, ${plural(report.redundant_grants.length, 'redundant grant')}.`,
  ];
  const section = (title: string, header: string[], rows: string[][], none: string) => {
    out.push('', `### ${title}`, '');
    if (rows.length === 0) {
      out.push(none);
      return;
    }
    out.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`));
  };
  section('Unused permissions', ['permission'], report.unused_permissions.map((u) => [`\`${u.permission}\``]), 'None: every permission is granted by a role.');
  section('Idle roles', ['scope', 'role'], report.idle_roles.map((r) => [scope(r.organization), `\`${r.role}\``]), 'None: every role is mapped, assigned, held by a member or a default role.');
  section(
    `Widest subjects (top ${top})`,
    ['scope', 'who', 'roles', 'permissions', 'count'],
    report.widest_subjects.map((w) => [scope(w.organization), cell(describeSubject(w.subject)), code(w.roles), code(w.permissions), String(w.permission_count)]),
    'None: no subject holds a permission.',
  );
  section(
    'Redundant grants',
    ['scope', 'who', 'permissions', 'granted through'],
    report.redundant_grants.map((g) => [scope(g.organization), cell(describeSubject(g.subject)), code(g.permissions), cell(g.paths.map(describePath).join(', '))]),
    'None: every permission a subject holds comes through one path.',
  );
  return out.join('\n') + '\n';
}
