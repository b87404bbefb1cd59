package rules

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// wireTypes returns every struct type reachable from the wire roots.
func wireTypes() []reflect.Type {
	var out []reflect.Type
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || slices.Contains(out, t) || reflect.PointerTo(t).Implements(reflect.TypeFor[nodeDecoder]()) {
			return
		}
		out = append(out, t)
		for i := range t.NumField() {
			if ft := t.Field(i).Type; ft != reflect.TypeFor[checkSet]() {
				walk(ft)
			}
		}
	}
	for _, k := range checkKinds {
		walk(k.wire)
	}
	walk(reflect.TypeFor[ruleFileWire]())
	walk(reflect.TypeFor[configWire]())
	return out
}

// TestWireTags checks the format descriptions: every key has a doc
// line, constraints parse, defaults fit their field and constraints.
func TestWireTags(t *testing.T) {
	types := wireTypes()
	if len(types) < 10 {
		t.Fatalf("found only %d wire types", len(types))
	}
	for _, typ := range types {
		spec, err := specOf(typ)
		if err != nil {
			t.Errorf("%s: %v", typ.Name(), err)
			continue
		}
		for i := range typ.NumField() {
			sf := typ.Field(i)
			if sf.Type == reflect.TypeFor[checkSet]() {
				continue // the keys of checkKinds, each with its doc
			}
			if sf.Name == "_" {
				if sf.Tag.Get("oneOf") == "" {
					t.Errorf("%s: blank field without oneOf", typ.Name())
				}
				continue
			}
			if sf.Tag.Get("yaml") == "" || sf.Tag.Get("doc") == "" {
				t.Errorf("%s.%s: needs yaml and doc tags", typ.Name(), sf.Name)
			}
			if doc := sf.Tag.Get("doc"); strings.HasSuffix(doc, ".") || strings.Contains(doc, "\n") {
				t.Errorf("%s.%s: doc should be one line without a final period", typ.Name(), sf.Name)
			}
		}
		for _, f := range spec.fields {
			if !f.hasDef {
				continue
			}
			if f.required {
				t.Errorf("%s.%s: required with a default", typ.Name(), f.key)
			}
			v := reflect.New(typ.Field(f.index).Type).Elem()
			setDefault(v, f.def)
			var items []string
			switch v.Kind() {
			case reflect.String:
				items = []string{v.String()}
			case reflect.Slice:
				items = v.Interface().([]string)
			case reflect.Int:
				if strconv.Itoa(int(v.Int())) != f.def {
					t.Errorf("%s.%s: default %q is not an integer", typ.Name(), f.key, f.def)
				}
			case reflect.Float64:
				if strconv.FormatFloat(v.Float(), 'g', -1, 64) != f.def {
					t.Errorf("%s.%s: default %q is not a number", typ.Name(), f.key, f.def)
				}
			}
			for _, item := range items {
				if len(f.c.enum) > 0 && !slices.Contains(f.c.enum, item) {
					t.Errorf("%s.%s: default %q not in enum", typ.Name(), f.key, item)
				}
			}
		}
	}
	spec, _ := specOf(reflect.TypeFor[configWire]())
	for _, f := range spec.fields {
		switch f.key {
		case "content":
			if f.def != DefaultContent {
				t.Errorf("config content default %q, want DefaultContent %q", f.def, DefaultContent)
			}
		case "packs":
			if f.def != BuiltinPrefix+DefaultPack {
				t.Errorf("config packs default %q", f.def)
			}
		}
	}
}

// TestDecodePositions decodes a small document and checks the recorded
// key positions and paths.
func TestDecodePositions(t *testing.T) {
	src := "version: 1\n" +
		"vars:\n" +
		"  publisher: RFE/RL\n" +
		"  list: [a, b]\n" +
		"rules:\n" +
		"  wire/credit-line: off\n" +
		"overrides:\n" +
		"  - files: [x]\n"
	d := newDecoder("c.yml")
	root := d.parseYAML([]byte(src))
	var w configWire
	d.decodeNode(root, reflect.ValueOf(&w).Elem(), "", nil)
	if len(d.errs) != 0 {
		t.Fatal(d.errs)
	}
	want := map[string]Pos{
		"version":                {"c.yml", 1, 1},
		"vars":                   {"c.yml", 2, 1},
		"vars.publisher":         {"c.yml", 3, 3},
		"vars.list":              {"c.yml", 4, 3},
		"vars.list[0]":           {"c.yml", 4, 10},
		"vars.list[1]":           {"c.yml", 4, 13},
		"rules":                  {"c.yml", 5, 1},
		"rules.wire/credit-line": {"c.yml", 6, 3},
		"overrides":              {"c.yml", 7, 1},
		"overrides[0]":           {"c.yml", 8, 5},
		"overrides[0].files":     {"c.yml", 8, 5},
		"overrides[0].files[0]":  {"c.yml", 8, 13},
	}
	for path, p := range want {
		if d.pos[path] != p {
			t.Errorf("pos[%q] = %v, want %v", path, d.pos[path], p)
		}
	}
	for path := range d.pos {
		if _, ok := want[path]; !ok {
			t.Errorf("unexpected path %q", path)
		}
	}
	if w.Content != DefaultContent || !slices.Equal(w.Packs, []string{"builtin:default"}) {
		t.Errorf("defaults not applied: %+v", w)
	}
	if !w.Vars["list"].List || w.Vars["publisher"].List || w.Rules["wire/credit-line"] != "off" {
		t.Errorf("decoded %+v", w)
	}
}

func TestMergeKeys(t *testing.T) {
	src := head +
		"- &base {id: house/a, title: Base, severity: info, distinct: {}}\n" +
		"- <<: *base\n  id: house/b\n  title: Derived\n" +
		"- <<: [{title: First, severity: error}, *base]\n  id: house/c\n" +
		"- <<: 3\n  id: house/d\n  title: D\n  distinct: {}\n"
	d := newDecoder("m.yml")
	var w ruleFileWire
	d.decodeNode(d.parseYAML([]byte(src)), reflect.ValueOf(&w).Elem(), "", nil)
	want := "m.yml:10:7: rules[3]: expected a mapping to merge, got an integer"
	if d.errs.Error() != want {
		t.Errorf("errors = %v, want %s", d.errs, want)
	}
	got := []string{}
	for _, r := range w.Rules {
		got = append(got, r.ID+" "+r.Title+" "+r.Severity)
	}
	wantRules := []string{"house/a Base info", "house/b Derived info", "house/c First error", "house/d D warning"}
	if !slices.Equal(got, wantRules) {
		t.Errorf("rules = %q, want %q", got, wantRules)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"require", "forbid", "exact", "attribute", "distinct", "id", "url"}
	tests := []struct{ in, want string }{
		{"requier", "require"},
		{"Require", "require"},
		{"forbidd", "forbid"},
		{"exat", "exact"},
		{"attributes", "attribute"},
		{"x", ""},
		{"ur", "url"},
		{"idd", "id"},
		{"completely", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.in, keys); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if d := editDistance("привет", "превед"); d != 2 {
		t.Errorf("editDistance = %d, want 2", d)
	}
}

func TestDescribe(t *testing.T) {
	tests := map[string]string{
		"{a: 1}": "a mapping", "[1]": "a list", "x": "a string", "'1'": "a string", "1": "an integer",
		"1.5": "a number", "true": "a boolean", "~": "null", "2024-01-02": "a timestamp",
	}
	for src, want := range tests {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatal(err)
		}
		if got := describe(n.Content[0]); got != want {
			t.Errorf("describe(%s) = %q, want %q", src, got, want)
		}
	}
}
