package rules

import (
	"slices"
	"testing"
)

func TestBuiltinPacks(t *testing.T) {
	names := BuiltinNames()
	if !slices.Contains(names, "editorial") || !slices.IsSorted(names) {
		t.Fatalf("BuiltinNames() = %q", names)
	}
	for _, name := range names {
		data, ok := Builtin(name)
		if !ok {
			t.Errorf("Builtin(%q) not found", name)
			continue
		}
		f, err := ParseRuleFile(BuiltinPrefix+name, data, LoadOptions{ReadFile: readBuiltinFile})
		if err != nil {
			t.Errorf("pack %s: %v", name, err)
			continue
		}
		if f.Pack != name {
			t.Errorf("pack %s declares pack %q", name, f.Pack)
		}
		for _, r := range f.Rules {
			if len(r.Examples.Valid) == 0 || len(r.Examples.Invalid) == 0 || r.Help == "" {
				t.Errorf("rule %s lacks valid and invalid examples or help", r.ID)
			}
		}
	}
	for _, bad := range []string{"", "nope", "../rules", "packs/editorial", "editorial.yml"} {
		if _, ok := Builtin(bad); ok {
			t.Errorf("Builtin(%q) found", bad)
		}
	}
}

func TestExpandDefault(t *testing.T) {
	got := expandDefault(DefaultPack)
	for _, name := range got {
		if _, ok := Builtin(name); !ok || !slices.Contains(DefaultPacks(), name) {
			t.Errorf("default expands to %q", name)
		}
	}
	if !slices.Contains(got, "editorial") {
		t.Errorf("default = %q, want editorial in it", got)
	}
	if got := expandDefault("editorial"); !slices.Equal(got, []string{"editorial"}) {
		t.Errorf("expandDefault(editorial) = %q", got)
	}
}
