package checker

import (
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

func TestStandIn(t *testing.T) {
	l, lu := standIns()["L"], standIns()["Lu"]
	if l == 0 || lu == 0 || standIns()["Co"] != 0 || standIns()["Zs"] != 0 {
		t.Fatalf("stand-ins L %x, Lu %x, Co %x, Zs %x", l, lu, standIns()["Co"], standIns()["Zs"])
	}
	// Each stand-in is a class of its own characters, or their
	// complement, that parses where the class it stands for did.
	for _, tc := range []struct {
		src   string
		stood bool
	}{
		{`\p{L}`, true},
		{`\pL+`, true},
		{`\P{L}`, true},
		{`\p{^L}`, true},
		{`\P{^L}`, true},
		{`[\p{L}\p{Lu}.'-]`, true},
		{`[^\p{L}\d]`, true},
		{`[\P{Lu}a]`, true},
		{`\Q\p{L}\E\p{L}`, true},
		{`\\p{L}`, false},
		{`\Q\p{L}\E`, false},
		{`[[:alpha:]\p{L}]`, true},
		{`[]\p{L}]`, true},
	} {
		got, ok := standIn(tc.src)
		if ok != tc.stood {
			t.Errorf("standIn(%q) = %q, %v, want %v", tc.src, got, ok, tc.stood)
			continue
		}
		if !ok {
			continue
		}
		if _, err := syntax.Parse(got, syntax.Perl); err != nil {
			t.Errorf("standIn(%q) = %q: %v", tc.src, got, err)
		}
		if strings.Count(got, `\p`) != strings.Count(tc.src, `\Q\p`) || strings.Contains(got, `\P`) {
			t.Errorf("standIn(%q) = %q: a class left", tc.src, got)
		}
	}
	// No stand-ins: a Unicode class without one, a character that could
	// be one's.
	for _, src := range []string{`abc`, `\p{Zs}\pL`, `\p{Co}x\p{L}`, `\p{letter}\pL`, "\U000F0001\\p{L}", `\x{F0001}\p{L}`,
		`\x{000041}\p{L}`, `[\x{10FFFF}]\p{L}`, `\pZ\pL`, "\\\U000F0001\\pL"} {
		if got, ok := standIn(src); ok {
			t.Errorf("standIn(%q) = %q, want none", src, got)
		}
	}
	// Small classes are read by the analysis; large ones, negated or not,
	// give the same literals as the classes they stand for.
	for _, src := range []string{`\p{L}+ said`, `(?i)[^\p{L}\S]x`, `[^\p{L}\D]`, `\P{L}ab|\p{Lu}cd`, `(?:^|[^\p{L}\p{N}])(?:AP|Reuters)`,
		`\p{Lu}x|\p{Lu}y`, `[\p{L}a]x|\p{L}y`, `(?i)\bfoo\p{L}*\b|bar`} {
		s, ok := standIn(src)
		if !ok {
			t.Fatalf("standIn(%q) wrote none", src)
		}
		real, stood := mustSyntax(t, src), mustSyntax(t, s)
		if got, want := requiredSets(stood), requiredSets(real); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: sets %q with stand-ins, %q without", src, got, want)
		}
	}
}

func mustSyntax(t *testing.T, src string) *syntax.Regexp {
	t.Helper()
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	return re
}

// TestStandInLiterals checks that the literal analysis finds the same
// literals in every pattern of the built-in packs and the house pack,
// each of their alternatives and each :matches() regexp of their
// selectors, parsed with stand-in classes as parsed as they are.
func TestStandInLiterals(t *testing.T) {
	set, err := allPacks()
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	res, strs := ruleValues(set)
	for _, re := range res {
		sources = append(sources, re.String())
		sources = append(sources, flattenAlternatives(re.String())...)
	}
	for _, s := range strs {
		for i := 0; ; {
			j := strings.Index(s[i:], ":matches")
			if j < 0 {
				break
			}
			i += j + len(":matches")
			i += len("own") * btoi(strings.HasPrefix(s[i:], "own"))
			if i < len(s) && s[i] == '(' {
				if end := regexpEnd(s, i+1); end > i+1 {
					sources = append(sources, s[i+1:end])
				}
			}
		}
	}
	stood := 0
	for _, src := range sources {
		s, ok := standIn(src)
		if !ok {
			continue
		}
		real, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			continue // a :matches() of a test that must not compile
		}
		stood++
		alt := mustSyntax(t, s)
		if got, want := usableLiterals(analyze(alt).best()), usableLiterals(analyze(real).best()); !slices.Equal(got, want) {
			t.Errorf("%.80q: literals %q with stand-ins, %q without", src, got, want)
		}
		if got, want := requiredSets(alt), requiredSets(real); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%.80q: sets %q with stand-ins, %q without", src, got, want)
		}
	}
	if stood < 40 {
		t.Errorf("%d of %d sources with stand-ins: the test reads too few", stood, len(sources))
	}
	t.Logf("%d of %d sources with stand-ins", stood, len(sources))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ruleValues returns every regexp and every string a rule set holds.
func ruleValues(set any) (res []*regexp.Regexp, strs []string) {
	seen := map[uintptr]bool{}
	reType := reflect.TypeFor[*regexp.Regexp]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			if v.Type() == reType {
				res = append(res, v.Interface().(*regexp.Regexp))
				return
			}
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.String:
			strs = append(strs, v.String())
		case reflect.Struct:
			if v.Type().PkgPath() != "github.com/copydesk/copydesk/rules" {
				return
			}
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(set))
	return res, strs
}
