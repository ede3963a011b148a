/**
 * The PromQL of the Grafana dashboard (resources/grafana/vslicer.json), for the tests that check
 * it against the exposition (names) and against a running Prometheus (data).
 */

export interface DashboardQuery {
  /** Where it sits: a panel's title, an annotation's or a variable's name. */
  where: string;
  kind: 'panel' | 'annotation' | 'variable';
  expr: string;
}

interface Dashboard {
  panels: { title: string; targets?: { expr?: string }[] }[];
  annotations: { list: { name: string; expr?: string }[] };
  templating: { list: { name: string; type: string; definition?: string }[] };
}

export function dashboardQueries(json: unknown): DashboardQuery[] {
  const d = json as Dashboard;
  const out: DashboardQuery[] = [];
  for (const p of d.panels) {
    for (const t of p.targets ?? [])
      if (t.expr) out.push({ where: p.title, kind: 'panel', expr: t.expr });
  }
  for (const a of d.annotations.list) {
    if (a.expr) out.push({ where: a.name, kind: 'annotation', expr: a.expr });
  }
  for (const v of d.templating.list) {
    if (v.type === 'query' && v.definition)
      out.push({ where: v.name, kind: 'variable', expr: v.definition });
  }
  return out;
}

/**
 * A dashboard query as Grafana sends it: its variables and intervals filled in; a variable's
 * `label_values(selector, label)` becomes the selector itself (Grafana asks for its series).
 */
export function toPromQL(expr: string, vars: Record<string, string>): string {
  const lv = /^label_values\((.*),\s*([a-zA-Z_]\w*)\)$/.exec(expr.trim());
  const base = lv ? lv[1]! : expr;
  // Longest names first: $__range must not be read as $__rate_interval's prefix, nor the reverse.
  const names = Object.keys(vars).sort((a, b) => b.length - a.length);
  return names.reduce((q, name) => q.split(`$${name}`).join(vars[name]!), base);
}

/** The `vslicer_…` names a text refers to (recorded `vslicer:…` names are not exposition names). */
export function vslicerNames(text: string): Set<string> {
  return new Set(text.match(/\bvslicer_[a-z0-9_]+/g) ?? []);
}
