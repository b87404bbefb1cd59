package rules

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DefaultConfig returns the config used when there is no .copydesk.yml:
// the default built-in packs over the default content selector.
func DefaultConfig() *Config {
	return &Config{
		Dir:        ".",
		Packs:      []PackRef{{Name: BuiltinPrefix + DefaultPack}},
		Vars:       map[string]Var{},
		Content:    DefaultContent,
		Severities: map[string]SeverityOverride{},
		KeyPos:     map[string]Pos{},
	}
}

// FindConfig looks for ConfigName in startDir and its parents, and
// returns the path of the first one found. It stops after a directory
// that holds .git (a directory or a file), and at the root. It returns
// "" and no error when there is none.
func FindConfig(startDir string) (string, error) {
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ConfigName)
		switch fi, err := os.Stat(p); {
		case err == nil && !fi.IsDir():
			return p, nil
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return "", err
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// LoadConfig reads and parses the config file at path. A file that
// cannot be read gives the error of os.ReadFile; an invalid one an
// ErrorList.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseConfig(path, data)
}

// ParseConfig parses and validates a config file, named name in errors;
// Config.Dir is the directory of name. The error, if any, is an
// ErrorList holding every problem, sorted by position.
func ParseConfig(name string, data []byte) (*Config, error) {
	d := newDecoder(name)
	root := d.parseYAML(data)
	if root == nil {
		return nil, d.errs.Err()
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(d.nodePos(root), "", "expected a mapping with version and settings, got %s", describe(root))
		return nil, d.errs.Err()
	}
	d.pos[""] = d.nodePos(root)
	var w configWire
	d.decodeNode(root, reflect.ValueOf(&w).Elem(), "", nil)
	if d.stopped {
		return nil, d.errs.Err()
	}
	cfg := &Config{
		Path:          name,
		Dir:           filepath.Dir(name),
		Vars:          map[string]Var{},
		Jurisdictions: w.Jurisdictions,
		Content:       w.Content,
		Include:       w.Include,
		Exclude:       w.Exclude,
		KeyPos:        d.pos,
		ValuePos:      d.vpos,
	}
	for i, p := range w.Packs {
		key := joinIndex("packs", i)
		cfg.Packs = append(cfg.Packs, PackRef{Name: p, Pos: d.posOf(key)})
		if builtin, ok := strings.CutPrefix(p, BuiltinPrefix); ok && !d.bad[key] {
			if _, found := Builtin(builtin); !found && builtin != DefaultPack {
				names := append(BuiltinNames(), DefaultPack)
				msg := "unknown built-in pack " + quote(builtin)
				if s := suggest(builtin, names); s != "" {
					msg += " (did you mean " + quote(BuiltinPrefix+s) + "?)"
				} else {
					msg += " (built-in packs: " + strings.Join(names, ", ") + ")"
				}
				d.errorf(d.valueAt(key), key, "%s", msg)
			}
		}
	}
	for name, v := range w.Vars {
		key := joinKey("vars", name)
		switch {
		case name == "content":
			d.errorf(d.posOf(key), key, "content is a built-in variable; set the content selector with the top-level content key")
		case name == "year":
			d.errorf(d.posOf(key), key, "year is a built-in variable and cannot be set")
		case v.List && len(v.Values) == 0 && !d.bad[key]:
			d.errorf(d.valueAt(key), key, "must not be an empty list")
		}
		cfg.Vars[name] = Var(v)
	}
	for _, kind := range []struct {
		key   string
		globs []string
	}{{"include", w.Include}, {"exclude", w.Exclude}} {
		for i, g := range kind.globs {
			key := joinIndex(kind.key, i)
			if _, err := CompileGlob(g); err != nil && !d.bad[key] {
				d.errorf(d.valueAt(key), key, "%v", err)
			}
		}
	}
	cfg.Severities = severities(d, "rules", w.Rules)
	for i, ow := range w.Overrides {
		key := joinIndex("overrides", i)
		o := Override{
			Files:         ow.Files,
			Jurisdictions: ow.Jurisdictions,
			Severities:    severities(d, joinKey(key, "rules"), ow.Rules),
			Pos:           d.posOf(key),
		}
		for j, f := range ow.Files {
			fkey := joinIndex(joinKey(key, "files"), j)
			g, err := CompileGlob(f)
			if err != nil {
				if !d.bad[fkey] {
					d.errorf(d.valueAt(fkey), fkey, "%v", err)
				}
				continue
			}
			o.globs = append(o.globs, g)
		}
		cfg.Overrides = append(cfg.Overrides, o)
	}
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// severities converts a rules: mapping of a config.
func severities(d *decoder, path string, m map[string]string) map[string]SeverityOverride {
	out := make(map[string]SeverityOverride, len(m))
	for id, name := range m {
		s, _ := ParseSeverity(name)
		out[id] = SeverityOverride{Severity: s, On: name == "on", Pos: d.posOf(joinKey(path, id))}
	}
	return out
}

// quote quotes s for a message.
func quote(s string) string {
	return `"` + s + `"`
}

// ForPath returns the jurisdictions and severity overrides that apply to
// the file at relPath (slash-separated, relative to the config's Dir):
// the config's own, then those of every matching override in order, a
// later severity for the same rule winning.
func (c *Config) ForPath(relPath string) (jurisdictions []string, sev map[string]Severity) {
	relPath = filepath.ToSlash(relPath)
	jurisdictions = slices.Clone(c.Jurisdictions)
	sev = make(map[string]Severity, len(c.Severities))
	for id, s := range c.Severities {
		sev[id] = s.Severity
	}
	for i := range c.Overrides {
		o := &c.Overrides[i]
		if !o.Matches(relPath) {
			continue
		}
		for _, j := range o.Jurisdictions {
			if !slices.Contains(jurisdictions, j) {
				jurisdictions = append(jurisdictions, j)
			}
		}
		for id, s := range o.Severities {
			sev[id] = s.Severity
		}
	}
	return jurisdictions, sev
}

// Matches reports whether the override applies to the file at relPath
// (slash-separated, relative to the config's Dir).
func (o *Override) Matches(relPath string) bool {
	if len(o.globs) == len(o.Files) {
		for _, g := range o.globs {
			if g.Match(relPath) {
				return true
			}
		}
		return false
	}
	for _, f := range o.Files {
		if MatchGlob(f, relPath) {
			return true
		}
	}
	return false
}
