package rules

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Set is the loaded rules of a run: every rule of every pack of a
// config, plus extra rule files.
type Set struct {
	Config *Config
	Files  []*File
	// Rules are the rules of the files in file order, then rule order,
	// followed by copydesk's own (internal) rules.
	Rules []*Rule
	// Inactive are the conditional packs builtin:default brought in
	// that were not loaded because the config does not set the
	// variables they need (File.Missing); they have no rules.
	Inactive []*File

	byID map[string]*Rule
}

// Rule returns the rule with the given id, or nil.
func (s *Set) Rule(id string) *Rule {
	if s.byID != nil {
		return s.byID[id]
	}
	for _, r := range s.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// IDs returns the ids of the set's rules, sorted.
func (s *Set) IDs() []string {
	ids := make([]string, len(s.Rules))
	for i, r := range s.Rules {
		ids[i] = r.ID
	}
	sort.Strings(ids)
	return ids
}

// Load loads the packs of cfg (built-in packs from the binary, others
// relative to cfg.Dir) and the extra rule files (relative to the
// working directory), substituting cfg.Vars and the built-in variables
// content (cfg.Content) and year. A pack listed twice is loaded once.
// The error, if any, is an ErrorList of every problem in every file,
// including duplicate rule ids across files and severity overrides of
// unknown rule ids.
func Load(cfg *Config, extra []string) (*Set, error) {
	return load(cfg, extra, false, nil)
}

// ReadFunc reads a file by its path, as os.ReadFile does: LoadFrom reads
// rule files (and the files of exact checks) through one, so a front end
// can load what an editor holds and has not saved.
type ReadFunc func(path string) ([]byte, error)

// LoadFrom is Load with the packs, the extra rule files and the files of
// exact checks read through read (nil: os.ReadFile). Built-in packs are
// read from the binary as always.
func LoadFrom(cfg *Config, extra []string, read ReadFunc) (*Set, error) {
	return load(cfg, extra, false, read)
}

// LoadExamples is Load for running the rules' examples (copydesk test):
// the variables rule files declare take the values their examples are
// written for (LoadOptions.Examples), so every pack loads.
func LoadExamples(cfg *Config, extra []string) (*Set, error) {
	return load(cfg, extra, true, nil)
}

// load is Load, or with examples LoadExamples, reading files through read
// (nil: os.ReadFile).
func load(cfg *Config, extra []string, examples bool, read ReadFunc) (*Set, error) {
	if read == nil {
		read = os.ReadFile
	}
	content := cfg.Content
	if content == "" {
		content = DefaultContent
	}
	vars := builtinVars(cfg.Vars, content)
	set := &Set{Config: cfg, byID: map[string]*Rule{}}
	var errs ErrorList
	loaded := map[string]bool{}
	complete := true // every file could be read
	// addFile parses one rule file into the set; a file with missing
	// variables is inactive when optional, and an error at pos otherwise.
	addFile := func(name string, data []byte, readFile func(string) ([]byte, error), optional bool, pos Pos, key string) {
		f, ferrs := parseRuleFile(name, data, LoadOptions{Vars: vars, ReadFile: readFile, Examples: examples})
		errs = append(errs, ferrs...)
		switch {
		case len(f.Missing) == 0:
			set.Files = append(set.Files, f)
		case optional:
			set.Inactive = append(set.Inactive, f)
		case key == "":
			errs.Add(pos, key, "the rule file needs %s", f.MissingText())
			complete = false
		default:
			errs.Add(pos, key, "%s needs %s", name, f.MissingText())
			complete = false
		}
	}
	for i, ref := range cfg.Packs {
		key := joinIndex("packs", i)
		pos := ref.Pos
		if pos.File == "" && cfg.Path != "" {
			pos = Pos{File: cfg.Path, Line: 1, Col: 1}
		}
		if builtin, ok := strings.CutPrefix(ref.Name, BuiltinPrefix); ok {
			for _, p := range expandDefault(builtin) {
				id := BuiltinPrefix + p.name
				if loaded[id] {
					// Named after builtin:default left it inactive.
					for _, f := range set.Inactive {
						if f.Path == id && !p.optional {
							errs.Add(pos, key, "%s needs %s", id, f.MissingText())
							complete = false
						}
					}
					continue
				}
				loaded[id] = true
				data, ok := Builtin(p.name)
				if !ok {
					errs.Add(pos, key, "unknown built-in pack %q", p.name)
					complete = false
					continue
				}
				addFile(id, data, readBuiltinFile, p.optional, pos, key)
			}
			continue
		}
		path := ref.Name
		if !filepath.IsAbs(path) {
			path = filepath.Join(cfg.Dir, path)
		}
		if !markLoaded(loaded, path) {
			continue
		}
		data, err := read(path)
		if err != nil {
			errs.Add(pos, key, "cannot read rule file %s: %v", path, pathErr(err))
			complete = false
			continue
		}
		addFile(path, data, read, false, pos, key)
	}
	for _, path := range extra {
		if !markLoaded(loaded, path) {
			continue
		}
		data, err := read(path)
		if err != nil {
			errs.Add(Pos{File: path}, "", "cannot read rule file: %v", pathErr(err))
			complete = false
			continue
		}
		addFile(path, data, read, false, Pos{File: path}, "")
	}
	for _, f := range set.Files {
		for i, r := range f.Rules {
			if r.ID == "" {
				continue
			}
			if first, dup := set.byID[r.ID]; dup {
				if first.Pos.File == r.Pos.File {
					continue // a duplicate within one file is reported by the file's own check
				}
				errs.Add(r.ValuePosOf("id"), joinIndex("rules", i)+".id", "duplicate rule id %q (also at %s)", r.ID, first.ValuePosOf("id"))
				continue
			}
			set.byID[r.ID] = r
			set.Rules = append(set.Rules, r)
		}
	}
	for _, r := range internalRules() {
		if set.byID[r.ID] == nil { // a rule file cannot define it: pack copydesk is refused
			set.byID[r.ID] = r
			set.Rules = append(set.Rules, r)
		}
	}
	// "on" is the rule's own severity.
	resolveOn := func(m map[string]SeverityOverride) {
		for id, s := range m {
			if r := set.byID[id]; s.On && r != nil {
				s.Severity = r.Severity
				m[id] = s
			}
		}
	}
	resolveOn(cfg.Severities)
	for i := range cfg.Overrides {
		resolveOn(cfg.Overrides[i].Severities)
	}
	// Unknown ids in severities. When a file could not be read, its
	// rules are unknown, but an id of a pack that did load is still
	// checked, so that every problem comes at once (a typo under rules:
	// is not held back until a missing pack file is fixed).
	ids := set.IDs()
	packs := map[string]bool{}
	for _, f := range set.Files {
		packs[f.Pack] = true
	}
	checkIDs := func(path string, m map[string]SeverityOverride) {
		for id, s := range m {
			pack, _, _ := strings.Cut(id, "/")
			if set.byID[id] != nil || !complete && !packs[pack] {
				continue
			}
			msg := fmt.Sprintf("unknown rule id %q", id)
			if !complete {
				msg += fmt.Sprintf(" in pack %s", pack)
			}
			if sg := suggestID(id, ids); sg != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sg)
			}
			errs.Add(s.Pos, joinKey(path, id), "%s", msg)
		}
	}
	checkIDs("rules", cfg.Severities)
	for i, o := range cfg.Overrides {
		checkIDs(joinIndex("overrides", i)+".rules", o.Severities)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return set, nil
}

// SuggestID returns the id among ids closest to id, or "": within edit
// distance 2; else one with the same name in another pack (id may be a
// bare name); else one whose name holds the given name or is held in it
// (four letters at least), in the pack closest to the given one.
func SuggestID(id string, ids []string) string {
	return suggestID(id, ids)
}

func suggestID(id string, ids []string) string {
	if s := suggest(id, ids); s != "" {
		return s
	}
	pack, name, ok := strings.Cut(strings.ToLower(id), "/")
	if !ok {
		pack, name = "", pack
	}
	for _, cand := range ids {
		if _, n, _ := strings.Cut(cand, "/"); n == name && name != "" {
			return cand
		}
	}
	best, bestDist := "", -1
	for _, cand := range ids {
		p, n, _ := strings.Cut(cand, "/")
		if len(name) < 4 || len(n) < 4 || !strings.Contains(n, name) && !strings.Contains(name, n) {
			continue
		}
		if d := editDistance(pack, p); bestDist < 0 || d < bestDist {
			best, bestDist = cand, d
		}
	}
	return best
}

// markLoaded records a rule file path; it reports false when the file
// was loaded already.
func markLoaded(loaded map[string]bool, path string) bool {
	key := filepath.Clean(path)
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	if loaded[key] {
		return false
	}
	loaded[key] = true
	return true
}

// pathErr drops the operation and path that an *os.PathError repeats.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
