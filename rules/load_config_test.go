package rules

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

func TestParseConfig(t *testing.T) {
	src := `version: 1
packs:
  - builtin:editorial
  - ./rules/house.yml
vars:
  publisher: RFE/RL
  agencies: [AP, Reuters]
jurisdictions: [ru]
content: "article, main"
include: ["site/**/*.html"]
exclude: ["site/archive/**"]
rules:
  editorial/duplicate-paragraph: off
  house/credit: info
overrides:
  - files: ["site/ru/**"]
    jurisdictions: [by]
    rules: {house/credit: error}
`
	cfg, err := ParseConfig("conf/.copydesk.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != "conf/.copydesk.yml" || cfg.Dir != "conf" {
		t.Errorf("path %q dir %q", cfg.Path, cfg.Dir)
	}
	wantPacks := []PackRef{
		{Name: "builtin:editorial", Pos: Pos{"conf/.copydesk.yml", 3, 5}},
		{Name: "./rules/house.yml", Pos: Pos{"conf/.copydesk.yml", 4, 5}},
	}
	if !reflect.DeepEqual(cfg.Packs, wantPacks) {
		t.Errorf("packs = %+v", cfg.Packs)
	}
	wantVars := map[string]Var{
		"publisher": {Values: []string{"RFE/RL"}},
		"agencies":  {Values: []string{"AP", "Reuters"}, List: true},
	}
	if !reflect.DeepEqual(cfg.Vars, wantVars) {
		t.Errorf("vars = %+v", cfg.Vars)
	}
	if !reflect.DeepEqual(cfg.Jurisdictions, []string{"ru"}) || cfg.Content != "article, main" {
		t.Errorf("jurisdictions %q content %q", cfg.Jurisdictions, cfg.Content)
	}
	if !reflect.DeepEqual(cfg.Include, []string{"site/**/*.html"}) || !reflect.DeepEqual(cfg.Exclude, []string{"site/archive/**"}) {
		t.Errorf("include %q exclude %q", cfg.Include, cfg.Exclude)
	}
	wantSev := map[string]SeverityOverride{
		"editorial/duplicate-paragraph": {Severity: SevOff, Pos: Pos{"conf/.copydesk.yml", 13, 3}},
		"house/credit":                  {Severity: SevInfo, Pos: Pos{"conf/.copydesk.yml", 14, 3}},
	}
	if !reflect.DeepEqual(cfg.Severities, wantSev) {
		t.Errorf("severities = %+v", cfg.Severities)
	}
	if len(cfg.Overrides) != 1 {
		t.Fatalf("overrides = %+v", cfg.Overrides)
	}
	o := cfg.Overrides[0]
	if !reflect.DeepEqual(o.Files, []string{"site/ru/**"}) || !reflect.DeepEqual(o.Jurisdictions, []string{"by"}) ||
		o.Pos != (Pos{"conf/.copydesk.yml", 16, 5}) ||
		o.Severities["house/credit"] != (SeverityOverride{Severity: SevError, Pos: Pos{"conf/.copydesk.yml", 18, 13}}) {
		t.Errorf("override = %+v", o)
	}
	for key, want := range map[string]Pos{
		"packs[1]":                        {"conf/.copydesk.yml", 4, 5},
		"vars.publisher":                  {"conf/.copydesk.yml", 6, 3},
		"vars.agencies[1]":                {"conf/.copydesk.yml", 7, 18},
		"content":                         {"conf/.copydesk.yml", 9, 1},
		"rules.house/credit":              {"conf/.copydesk.yml", 14, 3},
		"overrides[0].files[0]":           {"conf/.copydesk.yml", 16, 13},
		"overrides[0].rules.house/credit": {"conf/.copydesk.yml", 18, 13},
	} {
		if got := cfg.KeyPos[key]; got != want {
			t.Errorf("KeyPos[%q] = %v, want %v", key, got, want)
		}
	}
}

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig(".copydesk.yml", []byte("version: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Packs) != 1 || cfg.Packs[0].Name != "builtin:default" || cfg.Content != DefaultContent || cfg.Dir != "." {
		t.Errorf("config = %+v", cfg)
	}
	cfg, err = ParseConfig(".copydesk.yml", []byte("version: 1\npacks: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Packs) != 0 {
		t.Errorf("packs: [] gave %+v", cfg.Packs)
	}
	d := DefaultConfig()
	if len(d.Packs) != 1 || d.Packs[0].Name != "builtin:default" || d.Content != DefaultContent || d.Dir != "." || d.Path != "" {
		t.Errorf("DefaultConfig() = %+v", d)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{{
		name: "empty",
		src:  "",
		want: []string{"c.yml:1:1: empty file"},
	}, {
		name: "not a mapping",
		src:  "[1]\n",
		want: []string{"c.yml:1:1: expected a mapping with version and settings, got a list"},
	}, {
		name: "missing version, unknown keys",
		src:  "pack: [x]\nrule: {}\n",
		want: []string{
			`c.yml:1:1: unknown key "pack" (did you mean "packs"?)`,
			`c.yml:1:1: missing required key "version"`,
			`c.yml:2:1: unknown key "rule" (did you mean "rules"?)`,
		},
	}, {
		name: "packs",
		src:  "version: 1\npacks: [builtin:editorail, builtin:nope, builtin:default, '']\n",
		want: []string{
			`c.yml:2:9: packs[0]: unknown built-in pack "editorail" (did you mean "builtin:editorial"?)`,
			`c.yml:2:28: packs[1]: unknown built-in pack "nope" (built-in packs: ` + joinNames() + `)`,
			"c.yml:2:59: packs[3]: must not be empty",
		},
	}, {
		name: "vars",
		src:  "version: 1\nvars:\n  content: x\n  year: 2020\n  my-var: x\n  empty: []\n  nested: {a: b}\n",
		want: []string{
			"c.yml:3:3: vars.content: content is a built-in variable; set the content selector with the top-level content key",
			"c.yml:4:3: vars.year: year is a built-in variable and cannot be set",
			`c.yml:5:3: vars.my-var: invalid name "my-var" (must match ^[A-Za-z_][A-Za-z0-9_]*$)`,
			"c.yml:6:10: vars.empty: must not be an empty list",
			"c.yml:7:11: vars.nested: expected a string or a list of strings, got a mapping",
		},
	}, {
		name: "jurisdictions, content, globs, severities",
		src: "version: 1\njurisdictions: [RU, rus, ru]\ncontent: ''\ninclude: ['site/[x']\nexclude: ['{a']\n" +
			"rules: {a/b: critical, c/d: warn}\n",
		want: []string{
			`c.yml:2:17: jurisdictions[0]: invalid value "RU" (must match ^[a-z]{2}$)`,
			`c.yml:2:21: jurisdictions[1]: invalid value "rus" (must match ^[a-z]{2}$)`,
			"c.yml:3:10: content: must not be empty",
			`c.yml:4:11: include[0]: invalid glob "site/[x": syntax error in pattern`,
			`c.yml:5:11: exclude[0]: invalid glob "{a": unmatched {`,
			`c.yml:6:14: rules.a/b: invalid value "critical" (must be error, warning, info, off or on)`,
			`c.yml:6:29: rules.c/d: invalid value "warn" (must be error, warning, info, off or on)`,
		},
	}, {
		name: "overrides",
		src:  "version: 1\noverrides:\n  - jurisdictions: [ru]\n  - files: []\n  - files: ['a/[']\n    rules: {x/y: of}\n",
		want: []string{
			`c.yml:3:5: overrides[0]: missing required key "files"`,
			"c.yml:4:12: overrides[1].files: must not be empty",
			`c.yml:5:13: overrides[2].files[0]: invalid glob "a/[": syntax error in pattern`,
			`c.yml:6:18: overrides[2].rules.x/y: invalid value "of" (must be error, warning, info, off or on; did you mean "off"?)`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig("c.yml", []byte(tt.src))
			checkErrors(t, err, tt.want)
			if err != nil && cfg != nil {
				t.Error("got a config with an error")
			}
		})
	}
}

func joinNames() string {
	return joinLast(append(BuiltinNames(), "default"), ", ")
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ConfigName)
	if err := os.WriteFile(path, []byte("version: 1\njurisdictions: [ru]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != path || cfg.Dir != dir || !slices.Equal(cfg.Jurisdictions, []string{"ru"}) {
		t.Errorf("config = %+v", cfg)
	}
	if _, err := LoadConfig(filepath.Join(dir, "missing.yml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadConfig(missing) = %v", err)
	}
}

func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	mkdir := func(p string) string {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write := func(p string) string {
		p = filepath.Join(root, p)
		if err := os.WriteFile(p, []byte("version: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// root/.copydesk.yml        (outside the repository)
	// root/repo/.git/
	// root/repo/a/b/
	// root/sub/.git (a file, as in a worktree)
	// root/sub/c/.copydesk.yml
	// root/sub/c/d/
	// root/plain/x/ with root/plain/.copydesk.yml and no .git
	outer := write(ConfigName)
	mkdir("repo/.git")
	deep := mkdir("repo/a/b")
	mkdir("sub/c/d")
	write("sub/.git")
	inner := write("sub/c/" + ConfigName)
	mkdir("plain/x")
	plain := write("plain/" + ConfigName)
	repoConf := filepath.Join(root, "repo", ConfigName)

	tests := []struct {
		start string
		want  string
	}{
		{deep, ""}, // stops at repo/, whose .git is a directory
		{filepath.Join(root, "sub/c/d"), inner},
		{filepath.Join(root, "sub"), ""}, // .git is a file
		{filepath.Join(root, "plain/x"), plain},
		{root, outer},
	}
	for _, tt := range tests {
		got, err := FindConfig(tt.start)
		if err != nil || got != tt.want {
			t.Errorf("FindConfig(%s) = %q, %v; want %q", tt.start, got, err, tt.want)
		}
	}
	// A config in the directory holding .git is found.
	if err := os.WriteFile(repoConf, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := FindConfig(deep); err != nil || got != repoConf {
		t.Errorf("FindConfig(%s) = %q, %v; want %q", deep, got, err, repoConf)
	}
}

func TestForPath(t *testing.T) {
	src := `version: 1
jurisdictions: [ua]
rules: {a/x: warning, a/y: info}
overrides:
  - files: ["site/ru/**", "mirror/*.html"]
    jurisdictions: [ru, ua]
    rules: {a/x: off}
  - files: ["site/**/special.html"]
    jurisdictions: [by]
    rules: {a/x: error, a/z: info}
`
	cfg, err := ParseConfig(".copydesk.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		jur  []string
		sev  map[string]Severity
	}{
		{"site/en/a.html", []string{"ua"}, map[string]Severity{"a/x": SevWarning, "a/y": SevInfo}},
		{"site/ru/a.html", []string{"ua", "ru"}, map[string]Severity{"a/x": SevOff, "a/y": SevInfo}},
		{"./mirror/a.html", []string{"ua", "ru"}, map[string]Severity{"a/x": SevOff, "a/y": SevInfo}},
		{"site/ru/x/special.html", []string{"ua", "ru", "by"}, map[string]Severity{"a/x": SevError, "a/y": SevInfo, "a/z": SevInfo}},
		{"site/special.html", []string{"ua", "by"}, map[string]Severity{"a/x": SevError, "a/y": SevInfo, "a/z": SevInfo}},
	}
	for _, tt := range tests {
		jur, sev := cfg.ForPath(tt.path)
		if !reflect.DeepEqual(jur, tt.jur) || !reflect.DeepEqual(sev, tt.sev) {
			t.Errorf("ForPath(%q) = %q, %v; want %q, %v", tt.path, jur, sev, tt.jur, tt.sev)
		}
	}
	// A hand-made config (no compiled globs) works the same.
	hand := &Config{Overrides: []Override{{Files: []string{"site/ru/**"}, Jurisdictions: []string{"ru"}}}}
	if jur, _ := hand.ForPath("site/ru/a.html"); !slices.Equal(jur, []string{"ru"}) {
		t.Errorf("hand-made config: ForPath = %q", jur)
	}
	if jur, _ := cfg.ForPath("site/en/a.html"); &jur[0] == &cfg.Jurisdictions[0] {
		t.Error("ForPath returns the config's own slice")
	}
}

// TestUnclosedFlowPosition: an unclosed [ or { is reported where it is,
// not at 1:1 or the line before (issue 16 item 8).
func TestUnclosedFlowPosition(t *testing.T) {
	tests := []struct{ src, want string }{
		{"version: 1\npacks: [builtin:default\nrules:\n  x: error\n", "c.yml:2:8: this [ is not closed: did not find expected ',' or ']'"},
		{"version: 1\npacks: [\"a[b\", builtin:default  # [\n", "c.yml:2:8: this [ is not closed: did not find expected ',' or ']'"},
		{"version: 1\nvars: {publisher: RFE/RL\njurisdictions: [ru]\n", "c.yml:2:7: this { is not closed: did not find expected ',' or '}'"},
	}
	for _, tt := range tests {
		_, err := ParseConfig("c.yml", []byte(tt.src))
		checkErrors(t, err, []string{tt.want})
	}
}
