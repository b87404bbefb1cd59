package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeFiles writes files (path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadDefault(t *testing.T) {
	set, err := Load(DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) == 0 || set.Files[0].Path != "builtin:editorial" && !slices.Contains(DefaultPacks(), strings.TrimPrefix(set.Files[0].Path, "builtin:")) {
		t.Fatalf("files = %+v", set.Files)
	}
	r := set.Rule("editorial/cms-placeholder")
	if r == nil || checkOf[*Forbid](r) == nil || r.Severity != SevError || r.Pos.File != "builtin:editorial" {
		t.Fatalf("editorial/cms-placeholder = %+v", r)
	}
	for _, s := range []string{"16x9 Image", "Lorem ipsum dolor", "[insert quote]"} {
		if !checkOf[*Forbid](r).Pattern.MatchString(s) {
			t.Errorf("cms-placeholder does not match %q", s)
		}
	}
	if d := set.Rule("editorial/duplicate-paragraph"); d == nil || checkOf[*Distinct](d) == nil || checkOf[*Distinct](d).MinLength != 80 || !strings.HasPrefix(checkOf[*Distinct](d).Selector, "p:not(") || !d.OptIn {
		t.Errorf("editorial/duplicate-paragraph = %+v", d)
	}
	if set.Rule("editorial/nope") != nil {
		t.Error("Rule of an unknown id is not nil")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"conf/.copydesk.yml": `version: 1
packs:
  - builtin:editorial
  - builtin:default
  - rules/house.yml
  - ./rules/house.yml
vars:
  publisher: RFE/RL
content: main
rules:
  house/credit: info
`,
		"conf/rules/house.yml": `version: 1
pack: house
rules:
  - id: house/credit
    title: Credit
    scope: ${content}
    exact: {file: notice.txt}
`,
		"conf/rules/notice.txt": "${publisher} notice\n",
		"extra.yml":             "version: 1\npack: extra\nrules:\n  - {id: extra/a, title: A, forbid: {text: '${publisher}'}}\n",
	})
	cfg, err := LoadConfig(filepath.Join(dir, "conf", ConfigName))
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(cfg, []string{filepath.Join(dir, "extra.yml")})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range set.Files {
		paths = append(paths, f.Path)
	}
	// builtin:default adds the other default packs, and ru-undesirable
	// as vars.publisher is set; ru-foreign-agent needs vars.agent.
	want := []string{"builtin:editorial", "builtin:wire-credits", "builtin:image-credits", "builtin:attribution",
		"builtin:ru-undesirable", filepath.Join(dir, "conf/rules/house.yml"), filepath.Join(dir, "extra.yml")}
	if !slices.Equal(paths, want) {
		t.Errorf("files = %q, want %q", paths, want)
	}
	if len(set.Inactive) != 1 || set.Inactive[0].Path != "builtin:ru-foreign-agent" || !slices.Equal(set.Inactive[0].Missing, []string{"agent"}) {
		t.Errorf("inactive = %+v", set.Inactive)
	}
	r := set.Rule("house/credit")
	if r == nil || r.Scope != "main" || checkOf[*Exact](r).Text != "RFE/RL notice" {
		t.Errorf("house/credit = %+v", r)
	}
	if r := set.Rule("extra/a"); r == nil || checkOf[*Forbid](r).Text != "RFE/RL" {
		t.Errorf("extra/a = %+v", r)
	}
	// The rule files' rules in order, then copydesk's own.
	if n := len(set.Rules) - len(internalRules()); set.Config != cfg || set.Rules[0].ID != "editorial/duplicate-paragraph" ||
		set.Rules[n-1].ID != "extra/a" || set.Rules[n-2].ID != "house/credit" || set.Rules[n].ID != ParseWarningID || set.Rules[n+1].ID != UnusedSuppression {
		t.Errorf("rules = %v", set.IDs())
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.yml": "version: 1\npack: a\nrules:\n  - {id: a/x, title: X, distinct: {}}\n  - {id: a/y, title: Y, require: {pattern: '('}}\n",
		"b.yml": "version: 1\npack: a\nrules:\n  - {id: a/x, title: X again, distinct: {}}\n",
		".copydesk.yml": `version: 1
packs: [a.yml, b.yml, missing.yml]
rules:
  a/z: off
  editorial/duplicate-paragraf: off
overrides:
  - files: ["**"]
    rules: {a/x: error, b/x: off}
`,
	})
	cfg, err := LoadConfig(filepath.Join(dir, ConfigName))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(cfg, nil)
	a, b := filepath.Join(dir, "a.yml"), filepath.Join(dir, "b.yml")
	conf := filepath.Join(dir, ConfigName)
	// Every file is loaded and every problem reported, sorted by file:
	// unknown ids too, of the packs that loaded (issue 16 item 8).
	want := []string{
		conf + ":2:23: packs[2]: cannot read rule file " + filepath.Join(dir, "missing.yml") + ": no such file or directory",
		conf + `:4:3: rules.a/z: unknown rule id "a/z" in pack a (did you mean "a/x"?)`,
		a + ":5:44: rules[1].require.pattern: missing closing )",
		b + ":4:10: rules[0].id: duplicate rule id \"a/x\" (also at " + a + ":4:10)",
	}
	checkErrors(t, err, want)

	// With every file readable, unknown ids in severities are reported.
	cfg.Packs = cfg.Packs[:1]
	_, err = Load(cfg, []string{b})
	want = []string{
		conf + `:4:3: rules.a/z: unknown rule id "a/z" (did you mean "a/x"?)`,
		conf + `:5:3: rules.editorial/duplicate-paragraf: unknown rule id "editorial/duplicate-paragraf"`,
		conf + `:8:25: overrides[0].rules.b/x: unknown rule id "b/x" (did you mean "a/x"?)`,
		a + ":5:44: rules[1].require.pattern: missing closing )",
		b + ":4:10: rules[0].id: duplicate rule id \"a/x\" (also at " + a + ":4:10)",
	}
	checkErrors(t, err, want)

	_, err = Load(DefaultConfig(), []string{filepath.Join(dir, "nope.yml")})
	checkErrors(t, err, []string{filepath.Join(dir, "nope.yml") + ": cannot read rule file: no such file or directory"})
}

func TestSuggestID(t *testing.T) {
	ids := []string{"wire/credit-line", "wire/credit-wording", "images/credit", "image-credits/figure-credit", "editorial/figure-credit-x"}
	tests := []struct{ id, want string }{
		{"wire/credit-lines", "wire/credit-line"},
		{"wire/credit-wordnig", "wire/credit-wording"},
		{"image-credits/credit", "images/credit"},
		{"credit-line", "wire/credit-line"},
		{"image-credit/figure", "image-credits/figure-credit"},
		{"figure-credit", "image-credits/figure-credit"},
		{"Wire/Credit-Line", "wire/credit-line"},
		{"other/thing", ""},
		{"x/fig", ""},
	}
	for _, tt := range tests {
		if got := SuggestID(tt.id, ids); got != tt.want {
			t.Errorf("SuggestID(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestDeclaredVars loads a rule file that declares its variables: a
// listed pack whose variable is unset is an error at its packs entry;
// defaults and, for examples, example values fill the gaps.
func TestDeclaredVars(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"p.yml": `version: 1
pack: p
jurisdictions: [ru]
vars:
  agent: {doc: "the agent's name as printed.", example: Example}
  label: {doc: the label, default: [A, B]}
rules:
  - {id: p/a, title: A, forbid: {pattern: '${agent} ${label}'}}
`,
		"c.yml": "version: 1\npacks: [p.yml]\n",
		"v.yml": "version: 1\npacks: [p.yml]\nvars: {agent: X.Y, label: C}\n",
	})
	cfg, err := LoadConfig(filepath.Join(dir, "c.yml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(cfg, nil)
	checkErrors(t, err, []string{filepath.Join(dir, "c.yml") + ":2:9: packs[0]: " + filepath.Join(dir, "p.yml") +
		" needs vars.agent (the agent's name as printed; e.g. agent: Example)"})

	set, err := LoadExamples(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := set.Rule("p/a")
	if r == nil || checkOf[*Forbid](r).Pattern.String() != `Example (?:A|B)` || !slices.Equal(r.Jurisdictions, []string{"ru"}) {
		t.Fatalf("p/a = %+v", r)
	}
	if f := set.Files[0]; len(f.Vars) != 2 || f.Vars[0].Name != "agent" || f.Vars[1].Default == nil || len(f.Missing) != 0 {
		t.Errorf("file = %+v", f)
	}

	cfg, err = LoadConfig(filepath.Join(dir, "v.yml"))
	if err != nil {
		t.Fatal(err)
	}
	set, err = Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := set.Rule("p/a"); r == nil || checkOf[*Forbid](r).Pattern.String() != `X\.Y C` {
		t.Errorf("p/a = %+v", r)
	}

	_, err = Load(DefaultConfig(), []string{filepath.Join(dir, "p.yml")})
	checkErrors(t, err, []string{filepath.Join(dir, "p.yml") + ": the rule file needs vars.agent (the agent's name as printed; e.g. agent: Example)"})
}
