package rules

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// compileSchema compiles a generated schema with a JSON Schema validator
// (which checks it against the draft 2020-12 meta-schema).
func compileSchema(t *testing.T, name string, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// yamlInstance converts a YAML document to the JSON value a validator
// checks, as an editor's YAML language server does.
func yamlInstance(t *testing.T, name string, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return inst
}

// ruleFiles returns every rule file the project ships: the built-in packs,
// testdata/rules and the rules.yml of the checker's txtar tests.
func ruleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range BuiltinNames() {
		data, _ := Builtin(name)
		files[BuiltinPrefix+name] = data
	}
	paths, _ := filepath.Glob("../testdata/rules/*.yml")
	for _, p := range paths {
		if strings.HasSuffix(p, ".copydesk.yml") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = data
	}
	archives, _ := filepath.Glob("../checker/testdata/kinds/*.txtar")
	for _, p := range archives {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, rest, ok := bytes.Cut(data, []byte("\n-- rules.yml --\n"))
		if !ok {
			continue
		}
		if i := bytes.Index(rest, []byte("\n-- ")); i >= 0 {
			rest = rest[:i+1]
		}
		files[p+"/rules.yml"] = rest
	}
	if len(files) < 10 {
		t.Fatalf("found only %d rule files", len(files))
	}
	return files
}

func TestRuleFileSchema(t *testing.T) {
	s := compileSchema(t, "rules.json", RuleFileSchema())
	for name, data := range ruleFiles(t) {
		if err := s.Validate(yamlInstance(t, name, data)); err != nil {
			t.Errorf("%s does not validate: %v", name, err)
		}
	}
	// Files the loader rejects for what a schema can say.
	bad := map[string]string{
		"no version":      "pack: a\nrules: []\n",
		"version 2":       "version: 2\npack: a\nrules: []\n",
		"bad pack name":   "version: 1\npack: A B\nrules: []\n",
		"unknown key":     "version: 1\npack: a\nrules:\n  - {id: a/b, title: B, distinct: {}, colour: red}\n",
		"two checks":      "version: 1\npack: a\nrules:\n  - {id: a/b, title: B, distinct: {}, forbid: {text: x}}\n",
		"no check":        "version: 1\npack: a\nrules:\n  - {id: a/b, title: B}\n",
		"bad severity":    "version: 1\npack: a\nrules:\n  - {id: a/b, title: B, severity: fatal, distinct: {}}\n",
		"require by two":  "version: 1\npack: a\nrules:\n  - {id: a/b, title: B, require: {text: x, pattern: y}}\n",
		"bad condition":   "version: 1\npack: a\nrules:\n  - {id: a/b, title: B, distinct: {}, when: {any: [{jurisdiction: RU}]}}\n",
		"bad threshold":   "version: 1\npack: a\nrules:\n  - {id: a/b, title: B, exact: {text: x, threshold: 0}}\n",
		"bad var name":    "version: 1\npack: a\nvars: {a-b: {doc: x}}\nrules: []\n",
		"rewrite no repl": "version: 1\npack: a\nrules:\n  - {id: a/b, title: B, forbid: {pattern: x, rewrite: [{pattern: y}]}}\n",
	}
	for name, src := range bad {
		if err := s.Validate(yamlInstance(t, name, []byte(src))); err == nil {
			t.Errorf("%s: validates, want an error", name)
		}
	}
	for file, valid := range map[string]bool{
		"bad-unknown-key.yml": false, "bad-type.yml": false, "bad-two-checks.yml": false,
		// Problems only the loader sees: a bad RE2 pattern, duplicate ids.
		"bad-regexp.yml": true, "bad-duplicate-id.yml": true,
	} {
		data, err := os.ReadFile("../testdata/rules/bad/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlInstance(t, file, data)); (err == nil) != valid {
			t.Errorf("%s: schema error %v, want valid %v", file, err, valid)
		}
	}
}

func TestConfigSchema(t *testing.T) {
	s := compileSchema(t, "config.json", ConfigSchema())
	good := map[string]string{
		"spec example": `version: 1
packs: [builtin:wire-credits, builtin:ru-undesirable, ./rules/house.yml]
vars: {publisher: RFE/RL, agencies: [AP, Reuters]}
jurisdictions: [ru]
content: "article, [itemprop=articleBody], main"
include: ["site/**/*.html"]
exclude: ["site/archive/**"]
rules: {wire-credits/credit-line: warning}
overrides:
  - files: ["site/ru/**"]
    jurisdictions: [ru]
    rules: {image-credits/figure-credit: "off"}
`,
		"minimal": "version: 1\n",
	}
	data, err := os.ReadFile("../testdata/rules/house.copydesk.yml")
	if err != nil {
		t.Fatal(err)
	}
	good["house.copydesk.yml"] = string(data)
	for name, src := range good {
		if err := s.Validate(yamlInstance(t, name, []byte(src))); err != nil {
			t.Errorf("%s does not validate: %v", name, err)
		}
	}
	bad := map[string]string{
		"no version":       "packs: [builtin:default]\n",
		"unknown key":      "version: 1\nsettings: {}\n",
		"bad severity":     "version: 1\nrules: {a/b: fatal}\n",
		"bad jurisdiction": "version: 1\njurisdictions: [RUS]\n",
		"override files":   "version: 1\noverrides: [{rules: {a/b: error}}]\n",
		"var of a mapping": "version: 1\nvars: {publisher: {name: x}}\n",
	}
	for name, src := range bad {
		if err := s.Validate(yamlInstance(t, name, []byte(src))); err == nil {
			t.Errorf("%s: validates, want an error", name)
		}
	}
}
