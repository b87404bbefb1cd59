package rules

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func FuzzLoadRules(f *testing.F) {
	for _, name := range BuiltinNames() {
		data, _ := Builtin(name)
		f.Add(data)
	}
	files, _ := filepath.Glob("../testdata/rules/*.yml")
	bad, _ := filepath.Glob("../testdata/rules/bad/*.yml")
	for _, path := range append(files, bad...) {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	seeds := []string{
		"",
		"version: 1\n",
		"- a\n- b\n",
		"version: 1\npack: x\nrules:\n- id: x/a\n\ttitle: A\n",
		"version: 1\npack: x\nrules:\n- {id: x/a, title: A, require: {pattern: '('}}\n",
		"version: 1\npack: x\nrules:\n- {id: x/a, title: A, when: {}, forbid: {pattern: '(a)', replace: '$2${v}'}}\n",
		"version: 1\npack: x\nrules:\n- &a {id: x/a, title: A, when: &w {not: *w}, distinct: {}}\n- <<: *a\n",
		"version: 1\npack: x\nrules:\n- {id: x/a, title: A, message: '{{.Foo}}', exact: {file: nope.txt}}\n",
		"a: &a [x,x,x]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n",
		"version: 1\n---\nversion: 2\n",
		"\xff\xfe\x00v",
		"version: [1\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := LoadOptions{
			Vars:     map[string]Var{"publisher": {Values: []string{"RFE/RL"}}, "list": {Values: []string{"a", "b"}, List: true}},
			ReadFile: func(string) ([]byte, error) { return []byte("${publisher} text"), nil },
		}
		file, err := ParseRuleFile("fuzz.yml", data, opts)
		if err == nil {
			if file == nil {
				t.Fatal("nil file without error")
			}
			for _, r := range file.Rules {
				if r.Kind() == "" {
					t.Errorf("rule %s has no check", r.ID)
				}
			}
			return
		}
		if file != nil {
			t.Error("file with an error")
		}
		var list ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("error is %T, not an ErrorList", err)
		}
		if len(list) == 0 {
			t.Fatal("empty ErrorList")
		}
		for _, e := range list {
			if e.Pos.File != "fuzz.yml" || e.Pos.Line <= 0 || e.Msg == "" {
				t.Errorf("error without a position: %#v", e)
			}
		}
	})
}
