package rules

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// checkOf returns the check of r if it is a C, else nil.
func checkOf[C Check](r *Rule) C {
	c, _ := r.Check.(C)
	return c
}

// TestCheckKinds checks the list of check kinds: each is a wire struct
// of its own with a one-line doc, and loads into a check of its own name.
func TestCheckKinds(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range checkKinds {
		if k.key == "" || seen[k.key] || k.doc == "" || strings.Contains(k.doc, "\n") || strings.HasSuffix(k.doc, ".") {
			t.Errorf("kind %q: empty, repeated, or doc %q not one line without a final period", k.key, k.doc)
		}
		seen[k.key] = true
		if k.wire.Kind() != reflect.Struct || defName(k.wire) != k.key {
			t.Errorf("kind %q: wire type %s is not a struct named %sWire", k.key, k.wire, k.key)
		}
		if len(FormatKeys(k.key)) == 0 {
			t.Errorf("kind %q: no keys", k.key)
		}
	}
	if FormatKeys("nothing") != nil {
		t.Error("FormatKeys of an unknown part")
	}
	// Each kind's load step makes a check whose Kind is the kind's key
	// (from a wire value with nothing set: the problems it reports do
	// not matter here).
	for _, k := range checkKinds {
		l := &ruleLoader{d: newDecoder("house.yml"), opts: LoadOptions{ReadFile: os.ReadFile}, file: &File{}}
		if got := k.load(l, reflect.New(k.wire).Interface(), "rules[0]."+k.key).Kind(); got != k.key {
			t.Errorf("kind %q loads a check of kind %q", k.key, got)
		}
	}
}
