package rules

import (
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
		if len(CheckKeys(k.key)) == 0 {
			t.Errorf("kind %q: no keys", k.key)
		}
	}
	if CheckKeys("nothing") != nil {
		t.Error("CheckKeys of an unknown kind")
	}
	src := head
	for _, k := range checkKinds {
		src += "- id: house/" + k.key + "\n  title: T\n  " + k.key + ": " + minimalCheck[k.key] + "\n"
	}
	f, err := ParseRuleFile("house.yml", []byte(src), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range checkKinds {
		if got := f.Rules[i].Kind(); got != k.key {
			t.Errorf("rule with %s: Kind() = %q", k.key, got)
		}
	}
}

// minimalCheck is a valid value of each check kind's key.
var minimalCheck = map[string]string{
	"require":   "{text: x}",
	"forbid":    "{text: x}",
	"exact":     "{text: x}",
	"attribute": "{selector: img, name: alt}",
	"distinct":  "{}",
}
