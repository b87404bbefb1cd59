package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOptInRule checks a rule with enabled: false in a pack the config
// runs: off by default, turned on by "on" (its own severity) or by a
// severity under rules: or an override, and listed as opt-in by rules
// and explain.
func TestOptInRule(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("house.yml", `version: 1
pack: house
rules:
  - id: house/always
    title: Always on
    severity: warning
    forbid: {text: TKTK}
  - id: house/quiet
    title: Opt-in
    severity: error
    enabled: false
    forbid: {text: lorem}
`)
	page := write("site/a.html", "<article><p>TKTK and lorem.</p></article>\n")
	write("site/ru/b.html", "<article><p>lorem again.</p></article>\n")
	config := func(rulesYAML string) string {
		return write(".copydesk.yml", "version: 1\npacks: [./house.yml]\n"+rulesYAML)
	}

	cfg := config("")
	got := findingsOf(t, 0, "--config", cfg, "--fail-on", "error", page)
	compareFindings(t, got, []string{"a.html:1 house/always"})

	cfg = config("rules: {house/quiet: on}\n")
	code, out, errOut := copydesk(t, "", "check", "--config", cfg, page)
	if code != 1 || !strings.Contains(out, "error: Opt-in") || !strings.Contains(out, "warning: Always on") {
		t.Errorf("with on: exit %d\n%s%s", code, out, errOut)
	}

	cfg = config("rules: {house/quiet: info}\n")
	if code, out, _ := copydesk(t, "", "check", "--config", cfg, page); code != 0 || !strings.Contains(out, "info: Opt-in") {
		t.Errorf("with info: exit %d\n%s", code, out)
	}

	cfg = config("overrides:\n  - files: [site/ru/**]\n    rules: {house/quiet: on}\n")
	got = findingsOf(t, 1, "--config", cfg, filepath.Join(dir, "site"))
	compareFindings(t, got, []string{"a.html:1 house/always", "b.html:1 house/quiet"})

	// rules and explain say the rule is opt-in.
	cfg = config("")
	code, out, _ = copydesk(t, "", "rules", "--all", "--config", cfg, "-f", "json")
	var list []struct {
		ID       string `json:"id"`
		Severity string `json:"severity"`
		Enabled  *bool  `json:"enabled"`
		OptIn    bool   `json:"opt_in"`
	}
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	found := false
	for _, r := range list {
		if r.ID == "house/quiet" {
			found = true
			if !r.OptIn || r.Enabled == nil || *r.Enabled || r.Severity != "error" {
				t.Errorf("rules --all: %+v", r)
			}
		}
		if r.ID == "house/always" && r.OptIn {
			t.Errorf("rules --all: %+v", r)
		}
	}
	if !found {
		t.Errorf("rules --all lacks house/quiet:\n%s", out)
	}
	if _, out, _ := copydesk(t, "", "rules", "--config", cfg); strings.Contains(out, "house/quiet") {
		t.Errorf("rules lists the opt-in rule:\n%s", out)
	}
	if _, out, _ := copydesk(t, "", "rules", "--all", "--config", cfg); !strings.Contains(out, "(opt-in, not enabled)") {
		t.Errorf("rules --all:\n%s", out)
	}
	for rulesYAML, want := range map[string]string{
		"":                                "enabled:  no: the rule is opt-in; turn it on under rules: in .copydesk.yml (house/quiet: on)",
		"rules: {house/quiet: on}\n":      ".copydesk.yml (an opt-in rule, turned on with severity error under its rules:)",
		"rules: {house/quiet: warning}\n": ".copydesk.yml (an opt-in rule, turned on with severity warning under its rules:)",
		"rules: {house/quiet: off}\n":     "enabled:  no: it is turned off under rules: in ",
	} {
		config(rulesYAML)
		if code, out, errOut := copydesk(t, "", "explain", "--config", cfg, "house/quiet"); code != 0 || !strings.Contains(out, want) {
			t.Errorf("explain with %q: exit %d, want %q\n%s%s", rulesYAML, code, want, out, errOut)
		}
	}
}
