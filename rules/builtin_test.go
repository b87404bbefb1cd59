package rules

import (
	"slices"
	"strings"
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
		f, err := ParseRuleFile(BuiltinPrefix+name, data, LoadOptions{ReadFile: readBuiltinFile, Examples: true})
		if err != nil {
			t.Errorf("pack %s: %v", name, err)
			continue
		}
		if f.Pack != name {
			t.Errorf("pack %s declares pack %q", name, f.Pack)
		}
		for _, r := range f.Rules {
			if len(r.Examples.Valid) == 0 || len(r.Examples.Invalid) == 0 || r.Help == "" || r.URL == "" || r.Title == "" {
				t.Errorf("rule %s lacks a title, help, url, or valid and invalid examples", r.ID)
			}
		}
		for _, v := range f.Vars {
			if v.Example == nil {
				t.Errorf("pack %s: variable %s has no example or default", name, v.Name)
			}
		}
		// A pack with jurisdictions is conditional: builtin:default may
		// bring it in only if it needs variables to be set.
		if len(f.Jurisdictions) > 0 && !slices.Contains(ConditionalPacks(), name) {
			t.Errorf("pack %s has jurisdictions but is not among ConditionalPacks", name)
		}
	}
	for _, bad := range []string{"", "nope", "../rules", "packs/editorial", "editorial.yml"} {
		if _, ok := Builtin(bad); ok {
			t.Errorf("Builtin(%q) found", bad)
		}
	}
}

func TestExpandDefault(t *testing.T) {
	var names []string
	for _, p := range expandDefault(DefaultPack) {
		names = append(names, p.name)
		want := slices.Contains(DefaultPacks(), p.name)
		if _, ok := Builtin(p.name); !ok || want == p.optional || !want && !slices.Contains(ConditionalPacks(), p.name) {
			t.Errorf("default expands to %+v", p)
		}
	}
	if !slices.Contains(names, "editorial") {
		t.Errorf("default = %q, want editorial in it", names)
	}
	if got := expandDefault("editorial"); !slices.Equal(got, []packName{{name: "editorial"}}) {
		t.Errorf("expandDefault(editorial) = %+v", got)
	}
}

// TestConditionalPacks loads builtin:default without the variables the
// jurisdiction packs need (they are inactive), with them (they load),
// and names one explicitly without its variable (an error).
func TestConditionalPacks(t *testing.T) {
	set, err := Load(DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var inactive []string
	for _, f := range set.Inactive {
		inactive = append(inactive, strings.TrimPrefix(f.Path, BuiltinPrefix))
		if len(f.Rules) != 0 || len(f.Missing) == 0 || f.MissingText() == "" {
			t.Errorf("inactive %s = %+v", f.Path, f)
		}
	}
	if !slices.Equal(inactive, ConditionalPacks()) {
		t.Errorf("inactive = %q, want %q", inactive, ConditionalPacks())
	}
	if set.Rule("ru-undesirable/notice") != nil {
		t.Error("an inactive pack's rule is loaded")
	}

	cfg := DefaultConfig()
	cfg.Vars = map[string]Var{"publisher": {Values: []string{"RFE/RL"}}, "agent": {Values: []string{"«Медуза»"}}}
	set, err = Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := set.Rule("ru-undesirable/notice")
	if len(set.Inactive) != 0 || r == nil || !strings.HasPrefix(checkOf[*Exact](r).Text, "RFE/RL has been declared") || !slices.Equal(r.Jurisdictions, []string{"ru"}) {
		t.Errorf("inactive = %v, notice = %+v", set.Inactive, r)
	}

	cfg, err = ParseConfig("c.yml", []byte("version: 1\npacks: [builtin:default, builtin:ru-undesirable]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(cfg, nil)
	checkErrors(t, err, []string{`c.yml:2:26: packs[1]: builtin:ru-undesirable needs vars.publisher (the publisher's name as the notice prints it; e.g. publisher: RFE/RL)`})
}
