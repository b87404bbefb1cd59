package main

import (
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// loaded is a run's configuration: the config, its rules and the engine.
type loaded struct {
	cfg    *rules.Config
	set    *rules.Set
	engine *checker.Engine
}

// load finds the config (--config, or .copydesk.yml found walking up from
// the working directory, or the built-in default), loads its packs and
// the extra rule files, and compiles the engine. Errors are printed and
// returned as exit code 2.
func (e *env) load(configPath string, extra []string) (*loaded, error) {
	var cfg *rules.Config
	var err error
	switch {
	case configPath != "":
		cfg, err = rules.LoadConfig(e.abs(configPath))
	default:
		var found string
		found, err = rules.FindConfig(e.dir)
		if err == nil && found != "" {
			cfg, err = rules.LoadConfig(found)
		} else if err == nil {
			cfg = rules.DefaultConfig()
			cfg.Dir = e.dir
		}
	}
	if err != nil {
		return nil, e.printConfigError(err)
	}
	for i, x := range extra {
		extra[i] = e.abs(x)
	}
	set, err := rules.Load(cfg, extra)
	if err != nil {
		return nil, e.printConfigError(err)
	}
	eng, err := checker.New(set)
	if err != nil {
		return nil, e.printConfigError(err)
	}
	return &loaded{cfg: cfg, set: set, engine: eng}, nil
}

// abs resolves a path against the working directory.
func (e *env) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(e.dir, p)
}

// rel returns p relative to the working directory with / separators, as
// reports show paths; a path that is not a file path is returned as is.
func (e *env) rel(p string) string {
	if p == "" || strings.HasPrefix(p, "builtin:") || !filepath.IsAbs(p) {
		return filepath.ToSlash(p)
	}
	r, err := filepath.Rel(e.dir, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
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
