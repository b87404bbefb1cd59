package lint

import (
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// Catalog loads every built-in pack, its declared variables set to the
// values its examples are written for: the rules that explain, rules
// --all and init can show when the config does not enable them.
func Catalog() (*rules.Set, error) {
	cfg := rules.DefaultConfig()
	cfg.Packs = nil
	for _, name := range rules.BuiltinNames() {
		cfg.Packs = append(cfg.Packs, rules.PackRef{Name: rules.BuiltinPrefix + name})
	}
	return rules.LoadExamples(cfg, nil)
}

// RuleEntries lists the rules the config enables, at the severity its
// rules: map gives them, as `copydesk rules` and GET /v1/rules show them.
// With a catalog (see Catalog), as `rules --all`: every rule loaded, each
// marked enabled or not (at its own severity when not), then the rules of
// the catalog the config does not load.
func (l *Linter) RuleEntries(catalog *rules.Set) []report.RuleEntry {
	all := catalog != nil
	list := make([]report.RuleEntry, 0, len(l.Set.Rules))
	for _, r := range l.Set.Rules {
		sev := EffectiveSeverity(l.Config, r)
		if sev == rules.SevOff && !all {
			continue
		}
		j := report.RuleEntry{ID: r.ID, Severity: sev.String(), Pack: r.Pack, Kind: r.Kind(), Title: r.Title, URL: r.URL, OptIn: r.OptIn}
		if all {
			on := sev != rules.SevOff
			j.Enabled = &on
			if !on {
				j.Severity = r.Severity.String()
			}
		}
		list = append(list, j)
	}
	if !all {
		return list
	}
	for _, r := range catalog.Rules {
		if l.Set.Rule(r.ID) != nil {
			continue
		}
		off := false
		list = append(list, report.RuleEntry{ID: r.ID, Severity: r.Severity.String(), Pack: r.Pack, Kind: r.Kind(), Title: r.Title, URL: r.URL, Enabled: &off, OptIn: r.OptIn})
	}
	return list
}
