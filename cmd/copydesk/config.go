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
	// explainScope asks for the content element of each file (check
	// --explain-scope).
	explainScope bool
	// reading asks for the text of each file, for the formats that show
	// it (report.Format.Reading).
	reading bool
}

// load finds the config (--config, or .copydesk.yml found walking up from
// the working directory, or the built-in default), loads its packs and
// the extra rule files, and compiles the engine. Errors are printed and
// returned as exit code 2.
func (e *env) load(configPath string, extra []string) (*loaded, error) {
	cfg, err := e.findConfig(configPath)
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

// findConfig loads the config: configPath, or .copydesk.yml found
// walking up from the working directory, or the built-in default.
func (e *env) findConfig(configPath string) (*rules.Config, error) {
	if configPath != "" {
		return rules.LoadConfig(e.abs(configPath))
	}
	found, err := rules.FindConfig(e.dir)
	if err != nil {
		return nil, err
	}
	if found != "" {
		return rules.LoadConfig(found)
	}
	cfg := rules.DefaultConfig()
	cfg.Dir = e.dir
	return cfg, nil
}

// configPath resolves a path of the config (a pack) against its directory.
func configPath(cfg *rules.Config, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cfg.Dir, p)
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
