package lint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"os"
	"path/filepath"
	"strings"

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
	// Digest identifies what was loaded: "sha256:" and the hash of the
	// config, the rule files and the files they read (in the order they
	// were read) and the built-in packs in the set. Two runs with the
	// same digest and version of copydesk apply the same rules; the JSON
	// report carries it, so that copydesk merge can tell.
	Digest string
}

// Load finds the config (configPath, or .copydesk.yml found walking up
// from the working directory, or the built-in default), loads its packs
// and the extra rule files, and compiles the engine. A rule or config
// problem is returned as the rules.ErrorList of every problem found
// (PrintConfigError prints it).
func (e *Env) Load(configPath string, extra []string) (*Linter, error) {
	return e.LoadWith(LoadOptions{Config: configPath, Rules: extra})
}

// LoadOptions say what LoadWith loads, for a front end that loads for
// many documents over time (an editor server) rather than once.
type LoadOptions struct {
	Config string   // config file (--config); "": found walking up from From, or the default
	Rules  []string // extra rule files (--rules)
	// From is the directory .copydesk.yml is looked for from, walking up:
	// an editor's document's own directory. "": the working directory.
	From string
	// ReadFile reads the config, the rule files and the files of exact
	// checks by absolute path: an editor's unsaved text over the file
	// system. nil reads the file system. The config is still found on
	// disk.
	ReadFile rules.ReadFunc
}

// LoadWith is Load as o says: the config found from another directory,
// and the files read through o.ReadFile. The default config (no
// .copydesk.yml found) has its directory at From.
func (e *Env) LoadWith(o LoadOptions) (*Linter, error) {
	read := o.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	digest := sha256.New()
	hashed := func(path string) ([]byte, error) {
		data, err := read(path)
		if err == nil {
			hashPart(digest, data)
		}
		return data, err
	}
	cfg, err := e.findConfig(o.Config, o.From, hashed)
	if err != nil {
		return nil, err
	}
	files := make([]string, len(o.Rules))
	for i, x := range o.Rules {
		files[i] = e.Abs(x)
	}
	set, err := rules.LoadFrom(cfg, files, hashed)
	if err != nil {
		return nil, err
	}
	for _, f := range set.Files {
		if name, ok := strings.CutPrefix(f.Path, rules.BuiltinPrefix); ok {
			data, _ := rules.Builtin(name)
			hashPart(digest, data)
		}
	}
	eng, err := checker.New(set)
	if err != nil {
		return nil, err
	}
	return &Linter{Config: cfg, Set: set, Engine: eng, Digest: "sha256:" + hex.EncodeToString(digest.Sum(nil))}, nil
}

// hashPart adds one file to a digest, its length first, so that the
// boundaries of the files count.
func hashPart(h hash.Hash, data []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(data)))
	h.Write(n[:])
	h.Write(data)
}

// FindConfig loads the config: configPath, or .copydesk.yml found
// walking up from the working directory, or the built-in default.
func (e *Env) FindConfig(configPath string) (*rules.Config, error) {
	return e.findConfig(configPath, "", nil)
}

// ConfigPath returns the config file that LoadWith loads for o: o.Config
// made absolute, or .copydesk.yml found walking up from o.From (or the
// working directory); "" for the built-in default.
func (e *Env) ConfigPath(o LoadOptions) (string, error) {
	if o.Config != "" {
		return e.Abs(o.Config), nil
	}
	from := e.Dir
	if o.From != "" {
		from = e.Abs(o.From)
	}
	return rules.FindConfig(from)
}

// findConfig is FindConfig looking from the directory from ("": the
// working directory) and reading through read (nil: the file system).
func (e *Env) findConfig(configPath, from string, read rules.ReadFunc) (*rules.Config, error) {
	path, err := e.ConfigPath(LoadOptions{Config: configPath, From: from})
	if err != nil {
		return nil, err
	}
	if path == "" {
		cfg := rules.DefaultConfig()
		cfg.Dir = e.Dir
		if from != "" {
			cfg.Dir = e.Abs(from)
		}
		return cfg, nil
	}
	if read == nil {
		return rules.LoadConfig(path)
	}
	data, err := read(path)
	if err != nil {
		return nil, err
	}
	return rules.ParseConfig(path, data)
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
