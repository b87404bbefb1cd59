package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/rules"
)

// TestInit writes the starter config, which check must accept unchanged
// (running the default packs), refuses to overwrite it without --force,
// and checks that its commented settings are valid once uncommented.
func TestInit(t *testing.T) {
	inRoot(t)
	root, _ := os.Getwd()
	articles := filepath.Join(root, "testdata", "articles")
	want := findingsOf(t, 1, articles)

	dir := t.TempDir()
	t.Chdir(dir)
	code, out, errOut := copydesk(t, "", "init")
	if code != 0 || !strings.Contains(out, "wrote .copydesk.yml") {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(rules.ConfigName)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range rules.BuiltinNames() {
		if !strings.Contains(string(data), "builtin:"+name) && !strings.Contains(string(data), name) {
			t.Errorf("the starter config does not mention pack %s", name)
		}
	}
	// check finds and accepts it: the same findings as with no config.
	if got := findingsOf(t, 1, articles); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings with the starter config differ from the defaults:\n%s", testdiff.FirstLine(strings.Join(want, "\n"), strings.Join(got, "\n")))
	}
	if code, _, errOut := copydesk(t, "", "init"); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second init: exit %d\n%s", code, errOut)
	}
	if err := os.WriteFile(rules.ConfigName, []byte("version: 1\npacks: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := copydesk(t, "", "init", "--force"); code != 0 {
		t.Errorf("init --force: exit %d", code)
	}
	if again, _ := os.ReadFile(rules.ConfigName); string(again) != string(data) {
		t.Error("init --force did not rewrite the file")
	}
	if code, _, _ := copydesk(t, "", "init", "sub/dir/.copydesk.yml"); code != 3 {
		t.Errorf("init into a missing directory: exit %d, want 3", code)
	}

	// Every commented setting is valid once uncommented: the lines of the
	// commented blocks lose their "# ".
	block := regexp.MustCompile(`(?m)^# (vars|jurisdictions|content|include|exclude|rules|overrides):.*\n(#   .*\n)*`)
	uncommented := block.ReplaceAllStringFunc(string(data), func(s string) string {
		return regexp.MustCompile(`(?m)^# `).ReplaceAllString(s, "")
	})
	uncommented = strings.ReplaceAll(uncommented, "  # - builtin:", "  - builtin:")
	if uncommented == string(data) || !strings.Contains(uncommented, "\nvars:\n") {
		t.Fatalf("nothing uncommented:\n%s", uncommented)
	}
	cfg, err := rules.ParseConfig(rules.ConfigName, []byte(uncommented))
	if err != nil {
		t.Fatalf("uncommented starter config: %v\n%s", err, uncommented)
	}
	if len(cfg.Vars) == 0 || len(cfg.Jurisdictions) == 0 || len(cfg.Overrides) == 0 || len(cfg.Severities) == 0 || len(cfg.Packs) < 3 {
		t.Errorf("uncommented config = %+v", cfg)
	}
	if _, err := rules.Load(cfg, nil); err != nil {
		t.Errorf("uncommented starter config does not load: %v", err)
	}

	// Both validate against the config schema, as an editor checks them.
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(rules.ConfigSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("config.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("config.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"starter": string(data), "uncommented": uncommented} {
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(v)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s config does not validate against the schema: %v", name, err)
		}
	}
}
