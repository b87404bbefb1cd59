package lint

import (
	"path/filepath"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// Linter is a loaded configuration: the config, its rules and the engine
// compiled from them. It does not change once loaded, and its methods
// may be called from any number of goroutines at once.
type Linter struct {
	Config *rules.Config
	Set    *rules.Set
	Engine *checker.Engine
}

// Load finds the config (configPath, or .copydesk.yml found walking up
// from the working directory, or the built-in default), loads its packs
// and the extra rule files, and compiles the engine. A rule or config
// problem is returned as the rules.ErrorList of every problem found
// (PrintConfigError prints it).
func (e *Env) Load(configPath string, extra []string) (*Linter, error) {
	cfg, err := e.FindConfig(configPath)
	if err != nil {
		return nil, err
	}
	files := make([]string, len(extra))
	for i, x := range extra {
		files[i] = e.Abs(x)
	}
	set, err := rules.Load(cfg, files)
	if err != nil {
		return nil, err
	}
	eng, err := checker.New(set)
	if err != nil {
		return nil, err
	}
	return &Linter{Config: cfg, Set: set, Engine: eng}, nil
}

// FindConfig loads the config: configPath, or .copydesk.yml found
// walking up from the working directory, or the built-in default.
func (e *Env) FindConfig(configPath string) (*rules.Config, error) {
	if configPath != "" {
		return rules.LoadConfig(e.Abs(configPath))
	}
	found, err := rules.FindConfig(e.Dir)
	if err != nil {
		return nil, err
	}
	if found != "" {
		return rules.LoadConfig(found)
	}
	cfg := rules.DefaultConfig()
	cfg.Dir = e.Dir
	return cfg, nil
}

// configRel returns the path of a file relative to the config directory,
// for include/exclude/overrides globs.
func configRel(cfg *rules.Config, abs string) string {
	dir := cfg.Dir
	if dir == "" {
		dir = "."
	}
	r, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}

// EffectiveSeverity is a rule's severity after the config's rules: map
// (overrides by path are not applied: they depend on the file); an
// opt-in rule the map does not name is off.
func EffectiveSeverity(cfg *rules.Config, r *rules.Rule) rules.Severity {
	if o, ok := cfg.Severities[r.ID]; ok {
		return o.Severity
	}
	return r.DefaultSeverity()
}

// ReportRules are the rules a run's reports list as enabled: those the
// config's rules: map does not turn off, at the severity it gives them
// (overrides by path are the files' business: see report.File.Off).
func (l *Linter) ReportRules() []*rules.Rule {
	out := make([]*rules.Rule, 0, len(l.Set.Rules))
	for _, r := range l.Set.Rules {
		switch sev := EffectiveSeverity(l.Config, r); {
		case sev == rules.SevOff:
			continue
		case sev != r.Severity:
			c := *r
			c.Severity = sev
			r = &c
		}
		out = append(out, r)
	}
	return out
}
