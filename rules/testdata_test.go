package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadRuleFiles loads the broken rule files of testdata/rules/bad,
// each of which states in its header comment the errors it must give
// (after a line saying "Expected error"), and nothing else.
func TestBadRuleFiles(t *testing.T) {
	files, err := filepath.Glob("../testdata/rules/bad/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad rule files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			expecting := false
			for _, line := range strings.Split(string(data), "\n") {
				if !strings.HasPrefix(line, "#") {
					break
				}
				if strings.Contains(line, "Expected error") {
					expecting = true
					continue
				}
				if s := strings.TrimSpace(strings.TrimPrefix(line, "#")); expecting && strings.HasPrefix(s, filepath.Base(path)+":") {
					want = append(want, s)
				}
			}
			if len(want) == 0 {
				t.Fatal("the file states no expected error")
			}
			opts := LoadOptions{Vars: map[string]Var{"publisher": {Values: []string{"RFE/RL"}}}}
			_, err = ParseRuleFile(filepath.Base(path), data, opts)
			checkErrors(t, err, want)
		})
	}
}

// TestHousePack loads testdata's house pack through its config.
func TestHousePack(t *testing.T) {
	cfg, err := LoadConfig("../testdata/rules/house.copydesk.yml")
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 1 || len(set.Rules) == 0 {
		t.Fatalf("loaded %d files, %d rules", len(set.Files), len(set.Rules))
	}
	for _, r := range set.Rules {
		if r.Internal {
			continue
		}
		if r.Kind() == "" || r.Title == "" || !strings.HasPrefix(r.ID, set.Files[0].Pack+"/") {
			t.Errorf("rule %s: kind %q title %q", r.ID, r.Kind(), r.Title)
		}
		if strings.Contains(r.Message, "${") || checkOf[*Exact](r) != nil && strings.Contains(checkOf[*Exact](r).Text, "${") {
			t.Errorf("rule %s: variables left unsubstituted", r.ID)
		}
	}
}
