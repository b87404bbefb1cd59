package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// Explain gathers what `copydesk explain` says of the rule id: the rule
// as l loads it, or else as the catalog (see Catalog) has it, with
// whether and why l's config enables it. An id neither knows is a usage
// error that suggests the closest one.
func (e *Env) Explain(l *Linter, catalog *rules.Set, id string) (*report.Explanation, error) {
	r, enabled := l.Set.Rule(id), ""
	var file *rules.File
	switch {
	case r != nil:
		file = fileOf(l.Set, r)
		sev := EffectiveSeverity(l.Config, r)
		enabled = "yes, by " + e.ConfigName(l.Config)
		_, set := l.Config.Severities[r.ID]
		switch {
		case sev == rules.SevOff && r.OptIn && !set:
			enabled = fmt.Sprintf("no: the rule is opt-in; turn it on under rules: in %s (%s: on)", rules.ConfigName, r.ID)
		case sev == rules.SevOff:
			enabled = "no: it is turned off under rules: in " + e.ConfigName(l.Config)
		case r.OptIn:
			enabled += fmt.Sprintf(" (an opt-in rule, turned on with severity %s under its rules:)", sev)
		case set:
			enabled += fmt.Sprintf(" (severity %s from its rules:)", sev)
		}
	case catalog != nil && catalog.Rule(id) != nil:
		r = catalog.Rule(id)
		file = fileOf(catalog, r)
		enabled = fmt.Sprintf("no: %s does not load %s; add it under packs:", e.ConfigName(l.Config), file.Path)
		for _, f := range l.Set.Inactive {
			if f.Path == file.Path {
				enabled = fmt.Sprintf("no: %s needs %s in %s", f.Path, f.MissingText(), rules.ConfigName)
			}
		}
	default:
		ids := l.Set.IDs()
		if catalog != nil {
			ids = append(ids, catalog.IDs()...)
		}
		msg := fmt.Sprintf("unknown rule %q", id)
		if s := rules.SuggestID(id, ids); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return nil, UsageErrorf("%s", msg)
	}
	x := &report.Explanation{Rule: r, Pack: r.Pack, Kind: r.Kind(), Enabled: enabled}
	if file != nil && strings.HasPrefix(file.Path, rules.BuiltinPrefix) {
		x.Pack += " (built-in)"
	} else if file != nil {
		x.Pack += " (" + e.Rel(file.Path) + ")"
	}
	if r.Internal {
		x.Kind = "copydesk's own"
	}
	if file != nil {
		for _, v := range file.Vars {
			ev := report.ExplainedVar{Name: v.Name, Doc: v.Doc}
			if set, ok := l.Config.Vars[v.Name]; ok && r == l.Set.Rule(id) {
				ev.Value = "set: " + strings.Join(set.Values, ", ")
			} else if v.Default != nil {
				ev.Value = "default: " + strings.Join(v.Default.Values, ", ")
			}
			x.Vars = append(x.Vars, ev)
		}
	}
	return x, nil
}

// fileOf returns the rule file of a rule of the set, or nil for
// copydesk's own rules.
func fileOf(set *rules.Set, r *rules.Rule) *rules.File {
	for _, f := range set.Files {
		if slices.Contains(f.Rules, r) {
			return f
		}
	}
	return nil
}

// ConfigName names a config for messages: its path relative to the
// working directory, or the built-in default.
func (e *Env) ConfigName(cfg *rules.Config) string {
	if cfg.Path == "" {
		return "the built-in default config (no " + rules.ConfigName + ")"
	}
	return e.Rel(cfg.Path)
}
