package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"testing"
	"time"
)

// errLines returns the lines of an ErrorList error, failing the test
// for any other non-nil error.
func errLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, not an ErrorList: %v", err, err)
	}
	return strings.Split(list.Error(), "\n")
}

// checkErrors compares the error lines with want, exactly and in order.
func checkErrors(t *testing.T, err error, want []string) {
	t.Helper()
	got := errLines(t, err)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// head is the start of a valid rule file with pack "house".
const head = "version: 1\npack: house\nrules:\n"

func TestParseRuleFileErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{{
		name: "spec example: bad regexp, reported at its value",
		src: head +
			"- {id: house/a, title: A, distinct: {}}\n" +
			"- {id: house/b, title: B, distinct: {}}\n" +
			"- {id: house/c, title: C, distinct: {}}\n" +
			"- id: house/d\n" +
			"  title: D\n" +
			"  message: x\n" +
			"  severity: error\n" +
			"  require: {pattern:\n" +
			"    '(abc'}\n",
		want: []string{"house.yml:12:5: rules[3].require.pattern: missing closing )"},
	}, {
		name: "bad regexp in block style",
		src: head +
			"- id: house/a\n" +
			"  title: A\n" +
			"  require:\n" +
			"    pattern: '(abc'\n",
		want: []string{"house.yml:7:14: rules[0].require.pattern: missing closing )"},
	}, {
		name: "bad regexp keeps the fragment at fault",
		src:  head + "- id: house/a\n  title: A\n  forbid: {pattern: 'a[z-b]'}\n",
		want: []string{"house.yml:6:21: rules[0].forbid.pattern: invalid character class range: `z-b`"},
	}, {
		name: "regexp too large for Go",
		src:  head + "- id: house/a\n  title: A\n  forbid: {pattern: '(a{1000}){1000}'}\n",
		want: []string{"house.yml:6:21: rules[0].forbid.pattern: invalid repeat count: `{1000}`"},
	}, {
		name: "regexp too long",
		src:  head + "- id: house/a\n  title: A\n  forbid: {pattern: '" + strings.Repeat("a", 4097) + "'}\n",
		want: []string{"house.yml:6:21: rules[0].forbid.pattern: pattern too long (4097 bytes, the limit is 4096)"},
	}, {
		name: "regexp too complex",
		src:  head + "- id: house/a\n  title: A\n  forbid: {pattern: '" + strings.Repeat(`\w{1000}`, 21) + "'}\n",
		want: []string{"house.yml:6:21: rules[0].forbid.pattern: pattern too complex (21002 instructions, the limit is 20000)"},
	}, {
		name: "empty file",
		src:  "",
		want: []string{"house.yml:1:1: empty file"},
	}, {
		name: "only comments",
		src:  "# nothing here\n",
		want: []string{"house.yml:1:1: empty file"},
	}, {
		name: "top level is a list",
		src:  "- version: 1\n",
		want: []string{"house.yml:1:1: expected a mapping with version, pack and rules, got a list"},
	}, {
		name: "top level is a string",
		src:  "hello\n",
		want: []string{"house.yml:1:1: expected a mapping with version, pack and rules, got a string"},
	}, {
		name: "yaml syntax error",
		src:  "version: 1\npack house\nrules: []\n",
		want: []string{"house.yml:2:1: could not find expected ':'"},
	}, {
		name: "tab in indentation",
		src:  head + "- id: house/a\n\ttitle: A\n",
		want: []string{"house.yml:5:1: tab character in indentation (indent with spaces)"},
	}, {
		name: "two documents",
		src:  head + "---\nversion: 1\n",
		want: []string{"house.yml:4:1: more than one yaml document in the file"},
	}, {
		name: "missing version and pack",
		src:  "rules: []\n",
		want: []string{
			`house.yml:1:1: missing required key "version"`,
			`house.yml:1:1: missing required key "pack"`,
		},
	}, {
		name: "wrong version and pack name",
		src:  "version: 2\npack: House\n",
		want: []string{
			"house.yml:1:10: version: invalid value 2 (must be 1)",
			`house.yml:2:7: pack: invalid value "House" (must match ^[a-z0-9-]+$)`,
		},
	}, {
		name: "version as a string",
		src:  "version: '1'\npack: house\n",
		want: []string{"house.yml:1:10: version: expected an integer, got a string"},
	}, {
		name: "unknown keys with and without suggestions",
		src:  head + "- id: house/a\n  titel: A\n  title: A\n  colour: red\n  distinct: {}\nextra: 1\n",
		want: []string{
			`house.yml:5:3: rules[0]: unknown key "titel" (did you mean "title"?)`,
			`house.yml:7:3: rules[0]: unknown key "colour"`,
			`house.yml:9:1: unknown key "extra"`,
		},
	}, {
		name: "duplicate key",
		src:  head + "- id: house/a\n  title: A\n  title: B\n  distinct: {}\n",
		want: []string{`house.yml:6:3: rules[0]: duplicate key "title" (first at line 5)`},
	}, {
		name: "wrong types",
		src:  head + "- id: house/a\n  title: [A]\n  scope: {a: b}\n  distinct: {min_length: x}\n  examples: {valid: '<p>'}\n",
		want: []string{
			"house.yml:5:10: rules[0].title: expected a string, got a list",
			"house.yml:6:10: rules[0].scope: expected a string, got a mapping",
			"house.yml:7:26: rules[0].distinct.min_length: expected an integer, got a string",
			"house.yml:8:21: rules[0].examples.valid: expected a list, got a string",
		},
	}, {
		name: "missing id and title",
		src:  head + "- severity: info\n  distinct: {}\n",
		want: []string{
			`house.yml:4:3: rules[0]: missing required key "id"`,
			`house.yml:4:3: rules[0]: missing required key "title"`,
		},
	}, {
		name: "bad ids",
		src: head +
			"- {id: house, title: A, distinct: {}}\n" +
			"- {id: wire/b, title: B, distinct: {}}\n" +
			"- {id: house/C, title: C, distinct: {}}\n",
		want: []string{
			`house.yml:4:8: rules[0].id: invalid value "house" (must match ^[a-z0-9-]+/[a-z0-9-]+$)`,
			`house.yml:5:8: rules[1].id: id "wire/b" is not in pack "house" (write "house/b")`,
			`house.yml:6:8: rules[2].id: invalid value "house/C" (must match ^[a-z0-9-]+/[a-z0-9-]+$)`,
		},
	}, {
		name: "duplicate rule id",
		src:  head + "- {id: house/a, title: A, distinct: {}}\n- {id: house/b, title: B, distinct: {}}\n- {id: house/a, title: C, distinct: {}}\n",
		want: []string{`house.yml:6:8: rules[2].id: duplicate rule id "house/a" (first at line 4)`},
	}, {
		name: "no check",
		src:  head + "- id: house/a\n  title: A\n",
		want: []string{"house.yml:4:3: rules[0]: missing one of require, forbid, exact, attribute, distinct"},
	}, {
		name: "two checks",
		src:  head + "- id: house/a\n  title: A\n  forbid: {text: x}\n  require: {text: y}\n  distinct: {}\n",
		want: []string{"house.yml:7:3: rules[0]: forbid, require and distinct are mutually exclusive; give only one of require, forbid, exact, attribute, distinct"},
	}, {
		name: "severity, position and fix enums",
		src:  head + "- id: house/a\n  title: A\n  severity: errror\n  require: {text: x, position: middle}\n  fix: {insert: '<p>x</p>', at: top}\n",
		want: []string{
			`house.yml:6:13: rules[0].severity: invalid value "errror" (must be error, warning or info; did you mean "error"?)`,
			`house.yml:7:32: rules[0].require.position: invalid value "middle" (must be any, first or last)`,
			`house.yml:8:33: rules[0].fix.at: invalid value "top" (must be start or end)`,
		},
	}, {
		name: "require: none or several of text, pattern, selector",
		src:  head + "- id: house/a\n  title: A\n  require: {position: first}\n- id: house/b\n  title: B\n  require: {text: x, selector: p}\n",
		want: []string{
			"house.yml:6:12: rules[0].require: missing one of text, pattern, selector",
			"house.yml:9:22: rules[1].require: text and selector are mutually exclusive; give only one of text, pattern, selector",
		},
	}, {
		name: "require counts",
		src: head + "- id: house/a\n  title: A\n  require: {text: x, within: 2}\n" +
			"- id: house/b\n  title: B\n  require: {text: x, min: 3, max: 2}\n" +
			"- id: house/c\n  title: C\n  require: {text: x, min: -1, within: 0, position: last}\n",
		want: []string{
			"house.yml:6:22: rules[0].require.within: within needs position first or last",
			"house.yml:9:35: rules[1].require.max: max (2) is less than min (3)",
			"house.yml:12:27: rules[2].require.min: must be at least 0, got -1",
			"house.yml:12:39: rules[2].require.within: must be at least 1, got 0",
		},
	}, {
		name: "forbid replace",
		src: head +
			"- id: house/a\n  title: A\n  forbid: {selector: img, replace: x}\n" +
			"- id: house/b\n  title: B\n  forbid: {pattern: '(a)(?P<w>b)', replace: '$1${w}$3'}\n" +
			"- id: house/c\n  title: C\n  forbid: {pattern: '(a)', replace: '$1x'}\n" +
			"- id: house/d\n  title: D\n  forbid: {pattern: '(a)', replace: '${nope}'}\n",
		want: []string{
			"house.yml:6:27: rules[0].forbid.replace: replace is not allowed with selector",
			"house.yml:9:45: rules[1].forbid.replace: $3 refers to group 3, but the pattern has 2 groups",
			`house.yml:12:37: rules[2].forbid.replace: $1x refers to no group of the pattern (for group 1 followed by "x" write ${1}x)`,
			"house.yml:15:37: rules[3].forbid.replace: undefined variable ${nope} (set it under vars: in .copydesk.yml)",
		},
	}, {
		name: "forbid words",
		src:  head + "- id: house/a\n  title: A\n  forbid: {words: []}\n- id: house/b\n  title: B\n  forbid: {words: [a, '']}\n",
		want: []string{
			"house.yml:6:19: rules[0].forbid.words: must not be empty",
			"house.yml:9:23: rules[1].forbid.words[1]: must not be empty",
		},
	}, {
		name: "exact",
		src: head +
			"- id: house/a\n  title: A\n  exact: {text: x, normalize: [space, caps], threshold: 0}\n" +
			"- id: house/b\n  title: B\n  exact: {text: x, file: y.txt, threshold: 1.5}\n" +
			"- id: house/c\n  title: C\n  exact: {text: '  '}\n",
		want: []string{
			`house.yml:6:39: rules[0].exact.normalize[1]: invalid value "caps" (must be space, quotes, dashes or case; did you mean "case"?)`,
			"house.yml:6:57: rules[0].exact.threshold: must be greater than 0, got 0",
			"house.yml:9:20: rules[1].exact: text and file are mutually exclusive; give only one of text, file",
			"house.yml:9:44: rules[1].exact.threshold: must be at most 1, got 1.5",
			"house.yml:12:17: rules[2].exact.text: the canonical text is empty",
		},
	}, {
		name: "attribute",
		src:  head + "- id: house/a\n  title: A\n  attribute: {selector: img, pattern: '('}\n- id: house/b\n  title: B\n  attribute: {selector: img, name: 'data credit'}\n",
		want: []string{
			`house.yml:6:14: rules[0].attribute: missing required key "name"`,
			"house.yml:6:39: rules[0].attribute.pattern: missing closing )",
			`house.yml:9:36: rules[1].attribute.name: invalid value "data credit" (must match ^[^\s"'>/=]+$)`,
		},
	}, {
		name: "fix only with require or exact",
		src:  head + "- id: house/a\n  title: A\n  forbid: {text: x}\n  fix: {insert: '<p>y</p>'}\n- id: house/b\n  title: B\n  require: {text: x}\n  fix: {at: start}\n",
		want: []string{
			"house.yml:7:3: rules[0].fix: fix is only allowed with require or exact",
			`house.yml:11:8: rules[1].fix: missing required key "insert"`,
		},
	}, {
		name: "url",
		src:  head + "- id: house/a\n  title: A\n  url: example.org/x\n  distinct: {}\n- id: house/b\n  title: B\n  url: ftp://example.org/x\n  distinct: {}\n",
		want: []string{
			`house.yml:6:8: rules[0].url: invalid url "example.org/x" (must be an absolute http or https URL)`,
			`house.yml:10:8: rules[1].url: invalid url "ftp://example.org/x" (must be an absolute http or https URL)`,
		},
	}, {
		name: "message templates",
		src: head +
			"- {id: house/a, title: A, distinct: {}, message: '{{.Foo}}'}\n" +
			"- {id: house/b, title: B, distinct: {}, message: '{{.Match'}\n" +
			"- {id: house/c, title: C, distinct: {}, message: '{{if .Match}}{{nope}}{{end}}'}\n" +
			"- {id: house/d, title: D, distinct: {}, message: '{{range .Match}}x{{end}}'}\n" +
			"- {id: house/e, title: E, distinct: {}, message: '{{.Match.Len}}'}\n",
		want: []string{
			"house.yml:4:50: rules[0].message: unknown field {{.Foo}} in template (use {{.Match}}, {{.Expected}} or {{.Replacement}})",
			"house.yml:5:50: rules[1].message: invalid template: unclosed action",
			`house.yml:6:50: rules[2].message: invalid template: function "nope" not defined`,
			"house.yml:7:50: rules[3].message: invalid template: range is not allowed in messages",
			"house.yml:8:50: rules[4].message: invalid template: can't evaluate field Len in type string",
		},
	}, {
		name: "when",
		src: head + "- id: house/a\n  title: A\n  distinct: {}\n  when:\n" +
			"    jurisdiction: [ru, RU]\n" +
			"    meta: {og:type: '('}\n" +
			"    path: 'site/[a'\n" +
			"    all: [{}, {lang: ru}]\n" +
			"    any: []\n" +
			"    not: {contains: '(?<x'}\n" +
			"    colour: red\n",
		want: []string{
			`house.yml:8:24: rules[0].when.jurisdiction[1]: invalid value "RU" (must match ^[a-z]{2}$)`,
			"house.yml:9:21: rules[0].when.meta.og:type: missing closing )",
			`house.yml:10:11: rules[0].when.path: invalid glob "site/[a": syntax error in pattern`,
			"house.yml:11:11: rules[0].when.all[0]: empty condition (give at least one of jurisdiction, lang, meta, has, contains, path, before, count, all, any, not)",
			"house.yml:12:10: rules[0].when.any: must not be empty",
			"house.yml:13:21: rules[0].when.not.contains: invalid named capture",
			`house.yml:14:5: rules[0].when: unknown key "colour"`,
		},
	}, {
		name: "when before and count",
		src: head + "- id: house/a\n  title: A\n  each: p\n  distinct: {}\n  when:\n" +
			"    all: [{before: {pattern: '(?<x'}}, {count: {selector: p, min: 0}}, {count: {min: 2}}]\n",
		want: []string{
			"house.yml:9:20: rules[0].when.all[0].before: missing required key \"selector\"",
			"house.yml:9:30: rules[0].when.all[0].before.pattern: invalid named capture",
			"house.yml:9:67: rules[0].when.all[1].count.min: must be at least 1, got 0",
			"house.yml:9:80: rules[0].when.all[2].count: missing required key \"selector\"",
		},
	}, {
		name: "empty when",
		src:  head + "- id: house/a\n  title: A\n  distinct: {}\n  when: {}\n",
		want: []string{"house.yml:7:9: rules[0].when: empty condition (give at least one of jurisdiction, lang, meta, has, contains, path, before, count, all, any, not)"},
	}, {
		name: "undefined variables, each reported at its key",
		src: head + "- id: house/a\n  title: A\n  message: '${publisher} says'\n" +
			"  exact: {text: '${publisher} is ${publisher}, ${other}'}\n" +
			"  fix: {insert: '<p>${publisher}</p>'}\n",
		want: []string{
			"house.yml:6:12: rules[0].message: undefined variable ${publisher} (set it under vars: in .copydesk.yml)",
			"house.yml:7:17: rules[0].exact.text: undefined variable ${publisher} (set it under vars: in .copydesk.yml)",
			"house.yml:7:17: rules[0].exact.text: undefined variable ${other} (set it under vars: in .copydesk.yml)",
			"house.yml:8:17: rules[0].fix.insert: undefined variable ${publisher} (set it under vars: in .copydesk.yml)",
		},
	}, {
		name: "alias cycle and merge keys",
		src:  head + "- &r\n  id: house/a\n  title: A\n  distinct: {}\n- <<: *r\n  id: house/b\n- <<: [*r]\n  id: house/a\n",
		want: []string{`house.yml:11:7: rules[2].id: duplicate rule id "house/a" (first at line 5)`},
	}, {
		name: "null where a string is needed",
		src:  head + "- id: house/a\n  title:\n  distinct:\n",
		want: []string{"house.yml:5:3: rules[0].title: expected a string, got null"},
	}, {
		name: "non-string key",
		src:  head + "- id: house/a\n  title: A\n  distinct: {}\n  [a]: b\n",
		want: []string{"house.yml:7:3: rules[0]: expected a string key, got a list"},
	}, {
		name: "replace and rewrite",
		src:  head + "- id: house/a\n  title: A\n  forbid:\n    pattern: a\n    replace: b\n    rewrite: [{pattern: a, replace: '$2'}]\n",
		want: []string{"house.yml:9:5: rules[0].forbid.rewrite: replace and rewrite are mutually exclusive; give only one"},
	}, {
		name: "rewrite with selector, and bad rewrites",
		src: head + "- id: house/a\n  title: A\n  forbid: {selector: p, rewrite: [{pattern: a, replace: b}]}\n" +
			"- id: house/b\n  title: B\n  forbid: {text: a, rewrite: [{pattern: '(a', replace: b}, {pattern: a, replace: '$1'}, {pattern: a}]}\n",
		want: []string{
			"house.yml:6:25: rules[0].forbid.rewrite: rewrite is not allowed with selector",
			"house.yml:9:41: rules[1].forbid.rewrite[0].pattern: missing closing )",
			"house.yml:9:82: rules[1].forbid.rewrite[1].replace: $1 refers to group 1, but the pattern has no groups",
			`house.yml:9:89: rules[1].forbid.rewrite[2]: missing required key "replace"`,
		},
	}, {
		name: "until with selector",
		src:  head + "- id: house/a\n  title: A\n  require: {selector: p, until: h1}\n",
		want: []string{"house.yml:6:26: rules[0].require.until: until is not allowed with selector"},
	}, {
		name: "declared variables",
		src: "version: 1\npack: house\njurisdictions: [RU]\nvars:\n  year: {doc: the year}\n  publisher: {doc: 'the publisher.', example: RFE/RL}\n  x-y: {doc: d}\n  z: {}\n" +
			"rules:\n- {id: house/a, title: A, forbid: {text: '${publisher}'}}\n",
		want: []string{
			`house.yml:3:17: jurisdictions[0]: invalid value "RU" (must match ^[a-z]{2}$)`,
			"house.yml:5:3: vars.year: year is a built-in variable and cannot be declared",
			"house.yml:6:3: vars.publisher: variable publisher is not set: the publisher (set it under vars: in .copydesk.yml)",
			`house.yml:7:3: vars.x-y: invalid name "x-y" (must match ^[A-Za-z_][A-Za-z0-9_]*$)`,
			`house.yml:8:6: vars.z: missing required key "doc"`,
		},
	}, {
		name: "threshold not finite",
		src:  head + "- id: house/a\n  title: A\n  exact: {text: x, threshold: .nan}\n",
		want: []string{"house.yml:6:31: rules[0].exact.threshold: expected a finite number, got .nan"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseRuleFile("house.yml", []byte(tt.src), LoadOptions{})
			checkErrors(t, err, tt.want)
			if err != nil && f != nil {
				t.Errorf("got a file with an error")
			}
		})
	}
}

func TestParseRuleFileValid(t *testing.T) {
	src := `version: 1
pack: wire
rules:
  - id: wire/credit-line
    title: Wire copy ends with an agency credit
    severity: error
    message: 'Article uses wire copy but has no "With reporting by" line'
    help: |
      Stories that use AP material must credit them.
    url: https://example.org/style#wire
    scope: "${content}"
    when: {contains: '\((AP|Reuters|AFP)\)'}
    require:
      pattern: '^With reporting by (AP|Reuters|AFP)$'
      position: last
      within: 2
    fix:
      insert: "<p>Copyright ${year} ${publisher}</p>"
      at: start
    examples:
      valid:   ['<p>(AP) Text.</p><p>With reporting by AP</p>']
      invalid: ['<p>(AP) Text.</p>']

  - id: wire/credit-wording
    title: Agency credits use the house wording
    message: 'Write "With reporting by", not "{{.Match}}"'
    forbid:
      pattern: '^With reporting (?P<how>from|via)\b'
      replace: 'With reporting by'

  - id: wire/notice
    title: Notice
    severity: info
    each: figure
    exact:
      text: |
        ${publisher} is
          an "undesirable"   organization.

        Second   paragraph.
      normalize: [case]
    when:
      any:
        - jurisdiction: ru
        - all: [{lang: ru}, {has: 'meta[name=x]'}]
        - not: {path: 'site/ru/**'}
      meta: {og:site_name: '${publisher}', author: x}

  - id: wire/photo
    title: Photos carry a credit attribute
    attribute: {selector: img, name: data-credit, pattern: '\S', default: '${publisher}'}

  - id: wire/dupes
    title: No duplicates
    distinct: {}
`
	vars := map[string]Var{"publisher": {Values: []string{"RFE/RL"}}, "content": {Values: []string{"main"}}}
	f, err := ParseRuleFile("wire.yml", []byte(src), LoadOptions{Vars: vars})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != "wire.yml" || f.Pack != "wire" || len(f.Rules) != 5 {
		t.Fatalf("file = %q %q with %d rules", f.Path, f.Pack, len(f.Rules))
	}
	year := strconv.Itoa(time.Now().Year())

	r := f.Rules[0]
	if r.ID != "wire/credit-line" || r.Pack != "wire" || r.Severity != SevError || r.Kind() != "require" {
		t.Errorf("rule 0: id %q pack %q severity %v kind %q", r.ID, r.Pack, r.Severity, r.Kind())
	}
	if r.Title != "Wire copy ends with an agency credit" || r.Help != "Stories that use AP material must credit them.\n" || r.URL != "https://example.org/style#wire" {
		t.Errorf("rule 0: title %q help %q url %q", r.Title, r.Help, r.URL)
	}
	if r.Msg == nil || r.Message != `Article uses wire copy but has no "With reporting by" line` {
		t.Errorf("rule 0: message %q, template %v", r.Message, r.Msg)
	}
	if r.Scope != "main" || r.Each != "" {
		t.Errorf("rule 0: scope %q each %q", r.Scope, r.Each)
	}
	if r.When == nil || r.When.Contains == nil || r.When.Contains.String() != `\((AP|Reuters|AFP)\)` || r.When.Key != "when" {
		t.Errorf("rule 0: when %+v", r.When)
	}
	rq := checkOf[*Require](r)
	if rq.Pattern.String() != "^With reporting by (AP|Reuters|AFP)$" || rq.Position != Last || rq.Within != 2 || rq.Min != 1 || rq.Max != -1 {
		t.Errorf("rule 0: require %+v", rq)
	}
	if r.Fix == nil || *r.Fix != (Fix{Insert: "<p>Copyright " + year + " RFE/RL</p>", At: AtStart}) {
		t.Errorf("rule 0: fix %+v", r.Fix)
	}
	if !reflect.DeepEqual(r.Examples, Examples{Valid: []string{"<p>(AP) Text.</p><p>With reporting by AP</p>"}, Invalid: []string{"<p>(AP) Text.</p>"}}) {
		t.Errorf("rule 0: examples %+v", r.Examples)
	}
	if r.Pos != (Pos{"wire.yml", 4, 5}) {
		t.Errorf("rule 0: pos %v", r.Pos)
	}
	for key, want := range map[string]Pos{
		"id": {"wire.yml", 4, 5}, "scope": {"wire.yml", 11, 5}, "require.pattern": {"wire.yml", 14, 7},
		"when.contains": {"wire.yml", 12, 12}, "examples.invalid[0]": {"wire.yml", 22, 17},
	} {
		if got := r.KeyPos[key]; got != want {
			t.Errorf("rule 0: KeyPos[%q] = %v, want %v", key, got, want)
		}
	}
	if got := r.PosOf("require.selector"); got != (Pos{"wire.yml", 13, 5}) {
		t.Errorf("rule 0: PosOf(require.selector) = %v", got)
	}

	r = f.Rules[1]
	if r.Severity != SevWarning || r.Kind() != "forbid" || !checkOf[*Forbid](r).HasReplace || checkOf[*Forbid](r).Replace != "With reporting by" {
		t.Errorf("rule 1: severity %v forbid %+v", r.Severity, checkOf[*Forbid](r))
	}
	var b strings.Builder
	if err := r.Msg.Execute(&b, MessageData{Match: "With reporting from"}); err != nil || b.String() != `Write "With reporting by", not "With reporting from"` {
		t.Errorf("rule 1: message %q, %v", b.String(), err)
	}

	r = f.Rules[2]
	e := checkOf[*Exact](r)
	if r.Severity != SevInfo || r.Each != "figure" || e.Normalize != NormCase || e.Threshold != 0.6 {
		t.Errorf("rule 2: severity %v each %q exact %+v", r.Severity, r.Each, e)
	}
	if e.Text != "RFE/RL is\n  an \"undesirable\"   organization.\n\nSecond   paragraph." {
		t.Errorf("rule 2: text %q", e.Text)
	}
	if want := []string{`RFE/RL is an "undesirable" organization.`, "Second paragraph."}; !reflect.DeepEqual(e.Paras, want) {
		t.Errorf("rule 2: paras %q, want %q", e.Paras, want)
	}
	w := r.When
	if len(w.Any) != 3 || !reflect.DeepEqual(w.Any[0].Jurisdiction, []string{"ru"}) || w.Any[0].Key != "when.any[0]" {
		t.Fatalf("rule 2: when.any %+v", w.Any)
	}
	if all := w.Any[1].All; len(all) != 2 || all[0].Lang != "ru" || all[1].Has != "meta[name=x]" || all[1].Key != "when.any[1].all[1]" {
		t.Errorf("rule 2: when.any[1].all %+v", all)
	}
	if not := w.Any[2].Not; not == nil || not.Path != "site/ru/**" || not.Key != "when.any[2].not" {
		t.Errorf("rule 2: when.any[2].not %+v", not)
	}
	if len(w.Meta) != 2 || w.Meta[0].Name != "og:site_name" || w.Meta[0].Pattern.String() != `RFE/RL` || w.Meta[1].Name != "author" {
		t.Errorf("rule 2: when.meta %+v", w.Meta)
	}
	if got := r.KeyPos["when.any[1].all[1].has"]; got != (Pos{"wire.yml", 45, 30}) {
		t.Errorf("rule 2: KeyPos[when.any[1].all[1].has] = %v", got)
	}

	r = f.Rules[3]
	if a := checkOf[*Attribute](r); a.Selector != "img" || a.Name != "data-credit" || a.Pattern.String() != `\S` || a.Default != "RFE/RL" {
		t.Errorf("rule 3: attribute %+v", a)
	}
	if r = f.Rules[4]; checkOf[*Distinct](r) == nil || checkOf[*Distinct](r).MinLength != 40 || r.Msg != nil || r.Severity != SevWarning {
		t.Errorf("rule 4: %+v", r)
	}
}

func TestExactDefaults(t *testing.T) {
	f, err := ParseRuleFile("x.yml", []byte(head+"- {id: house/a, title: A, exact: {text: x}}\n"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if e := checkOf[*Exact](f.Rules[0]); e.Normalize != DefaultNormalize || e.Threshold != 0.6 {
		t.Errorf("exact = %+v", e)
	}
	f, err = ParseRuleFile("x.yml", []byte(head+"- {id: house/a, title: A, exact: {text: x, normalize: [], threshold: 1}}\n"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if e := checkOf[*Exact](f.Rules[0]); e.Normalize != 0 || e.Threshold != 1 {
		t.Errorf("exact = %+v", e)
	}
}

func TestExactFile(t *testing.T) {
	var asked []string
	read := func(name string) ([]byte, error) {
		asked = append(asked, name)
		if name == "packs/notice.txt" {
			return []byte("\n${publisher} notice.\n\n  Second.\n"), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	src := head + "- {id: house/a, title: A, exact: {file: notice.txt}}\n- {id: house/b, title: B, exact: {file: missing.txt}}\n"
	opts := LoadOptions{Vars: map[string]Var{"publisher": {Values: []string{"RFE/RL"}}}, ReadFile: read}
	_, err := ParseRuleFile("packs/house.yml", []byte(src), opts)
	checkErrors(t, err, []string{"packs/house.yml:5:41: rules[1].exact.file: cannot read packs/missing.txt: file does not exist"})

	asked = nil
	f, errs := parseRuleFile("packs/house.yml", []byte(src), opts)
	if len(errs) != 1 || len(f.Rules) != 2 {
		t.Fatalf("parseRuleFile: %d rules, errors %v", len(f.Rules), errs)
	}
	if e := checkOf[*Exact](f.Rules[0]); e.Text != "RFE/RL notice.\n\n  Second." || !reflect.DeepEqual(e.Paras, []string{"RFE/RL notice.", "Second."}) {
		t.Errorf("exact = %+v", e)
	}
	if !reflect.DeepEqual(asked, []string{"packs/notice.txt", "packs/missing.txt"}) {
		t.Errorf("ReadFile asked for %q", asked)
	}
}

func TestVarSubstitution(t *testing.T) {
	vars := map[string]Var{
		"publisher": {Values: []string{"RFE/RL (Prague)"}},
		"agencies":  {Values: []string{"AP", "A.F.P."}, List: true},
		"amp":       {Values: []string{"AT&T <x>"}},
		"money":     {Values: []string{"$5"}},
		"braces":    {Values: []string{"{{x}}"}},
		"content":   {Values: []string{"main, article"}},
	}
	src := head + `- id: house/a
  title: A
  message: 'by ${publisher} and ${agencies} {{.Match}} ${braces}'
  scope: '${content}'
  each: 'p'
  when: {contains: '^${agencies}$', has: '${content} > p'}
  forbid:
    pattern: '(?P<who>${publisher}) ${agencies}'
    replace: '${who} $1 ${money} ${amp}'
  examples:
    valid: ['<p>${amp}</p>']
- id: house/b
  title: B
  forbid: {words: ['${publisher}', '${agencies}'], replace: '${money}'}
- id: house/c
  title: C
  require: {text: 'costs $1 ${money}, $${publisher}'}
  fix: {insert: '<p>${amp}</p>'}
`
	f, err := ParseRuleFile("house.yml", []byte(src), LoadOptions{Vars: vars})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := f.Rules[0], f.Rules[1], f.Rules[2]
	tests := []struct{ what, got, want string }{
		{"message", a.Message, `by RFE/RL (Prague) and AP, A.F.P. {{.Match}} {{"{{x}}"}}`},
		{"scope", a.Scope, "main, article"},
		{"when.contains", a.When.Contains.String(), `^(?:AP|A\.F\.P\.)$`},
		{"when.has", a.When.Has, "main, article > p"},
		{"forbid.pattern", checkOf[*Forbid](a).Pattern.String(), `(?P<who>RFE/RL \(Prague\)) (?:AP|A\.F\.P\.)`},
		{"forbid.replace with pattern", checkOf[*Forbid](a).Replace, `${who} $1 $$5 AT&T <x>`},
		{"examples", a.Examples.Valid[0], "<p>AT&amp;T &lt;x&gt;</p>"},
		{"words", strings.Join(checkOf[*Forbid](b).Words, "|"), "RFE/RL (Prague)|AP, A.F.P."},
		{"forbid.replace literal", checkOf[*Forbid](b).Replace, "$5"},
		{"fix.insert", c.Fix.Insert, "<p>AT&amp;T &lt;x&gt;</p>"},
		{"require.text", checkOf[*Require](c).Text, "costs $1 $5, $RFE/RL (Prague)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.what, tt.got, tt.want)
		}
	}
	var out strings.Builder
	if err := a.Msg.Execute(&out, MessageData{Match: "m"}); err != nil || out.String() != "by RFE/RL (Prague) and AP, A.F.P. m {{x}}" {
		t.Errorf("message executes to %q, %v", out.String(), err)
	}
	if !checkOf[*Forbid](a).Pattern.MatchString("RFE/RL (Prague) A.F.P.") || checkOf[*Forbid](a).Pattern.MatchString("RFE/RL (Prague) AxFxPx") {
		t.Errorf("pattern %s does not quote its variables", checkOf[*Forbid](a).Pattern)
	}
}

func TestExpandVars(t *testing.T) {
	vars := map[string]Var{
		"s":     {Values: []string{"a.b"}},
		"l":     {Values: []string{"x|y", "z"}, List: true},
		"empty": {List: true},
	}
	tests := []struct {
		in    string
		ctx   varContext
		want  string
		undef string
	}{
		{"${s}", ctxText, "a.b", ""},
		{"${s}", ctxPattern, `a\.b`, ""},
		{"${l}", ctxPattern, `(?:x\|y|z)`, ""},
		{"${l}", ctxText, "x|y, z", ""},
		{"${empty}", ctxPattern, neverMatch, ""},
		{"$1 $s ${ s} ${1} ${s", ctxText, "$1 $s ${ s} ${1} ${s", ""},
		{"${x}${s}${y}${x}", ctxText, "${x}a.b${y}${x}", "x,y"},
		{"$${s}", ctxText, "$a.b", ""},
	}
	for _, tt := range tests {
		got, undef := expandVars(tt.in, vars, tt.ctx, nil)
		if got != tt.want || strings.Join(undef, ",") != tt.undef {
			t.Errorf("expandVars(%q, %v) = %q, %q; want %q, %q", tt.in, tt.ctx, got, undef, tt.want, tt.undef)
		}
	}
}

func TestYearVar(t *testing.T) {
	src := head + "- {id: house/a, title: A, require: {pattern: '© ${year}'}}\n"
	f, err := ParseRuleFile("house.yml", []byte(src), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := checkOf[*Require](f.Rules[0]).Pattern.String(), "© "+strconv.Itoa(time.Now().Year()); got != want {
		t.Errorf("pattern = %q, want %q", got, want)
	}
	f, err = ParseRuleFile("house.yml", []byte(src), LoadOptions{Vars: map[string]Var{"year": {Values: []string{"1999"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := checkOf[*Require](f.Rules[0]).Pattern.String(); got != "© 1999" {
		t.Errorf("pattern = %q, want the caller's year", got)
	}
}

// aliasBomb is a rule file whose aliases expand to 10^6 conditions, in a
// rule's when, where the decoder must expand them.
const aliasBomb = "a: &a {all: [{lang: en}, {lang: en}, {lang: en}, {lang: en}, {lang: en}, {lang: en}, {lang: en}, {lang: en}, {lang: en}, {lang: en}]}\n" +
	"b: &b {all: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]}\n" +
	"c: &c {all: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]}\n" +
	"d: &d {all: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]}\n" +
	"e: &e {all: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]}\n" +
	"f: &f {all: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]}\n" +
	"version: 1\npack: house\nrules:\n" +
	"- {id: house/a, title: A, distinct: {}, when: *f}\n"

// TestAliasBomb checks that decoding stops once it has visited maxNodes
// nodes, counting every expansion of an alias, with an error saying so:
// the work is bounded by the node budget, not by the expansion.
func TestAliasBomb(t *testing.T) {
	d := newDecoder("bomb.yml")
	var w ruleFileWire
	d.decodeNode(d.parseYAML([]byte(aliasBomb)), reflect.ValueOf(&w).Elem(), "", nil)
	if !d.stopped || d.nodes != maxNodes+1 {
		t.Errorf("decoder stopped %v after %d nodes, want after %d", d.stopped, d.nodes, maxNodes+1)
	}
	want := fmt.Sprintf("bomb.yml:1:1: document too large (more than %d nodes after expanding aliases)", maxNodes)
	if err := d.errs.Err(); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("errors = %v, want %q", err, want)
	}
}

// BenchmarkAliasBomb measures how long the node budget lets an alias
// bomb take.
func BenchmarkAliasBomb(b *testing.B) {
	for b.Loop() {
		if _, err := ParseRuleFile("bomb.yml", []byte(aliasBomb), LoadOptions{}); err == nil {
			b.Fatal("no error")
		}
	}
}

func TestAliasCycle(t *testing.T) {
	src := head + "- &r\n  id: house/a\n  title: A\n  distinct: {}\n  when: &w {not: *w}\n"
	_, err := ParseRuleFile("house.yml", []byte(src), LoadOptions{})
	checkErrors(t, err, []string{"house.yml:8:18: rules[0].when.not.not: alias *w refers to itself"})
}

// TestPatternSizeBound checks the bound CompilePattern relies on to skip
// counting instructions: a pattern without counted repetition compiles to
// at most two instructions a byte, plus a few.
func TestPatternSizeBound(t *testing.T) {
	srcs := []string{`a`, `()`, `(?:)`, `a|b|c|d`, `(a)(b)(c)`, `((((a))))`, `a*b+c?`, `(?i)abcdef`, `[a-z]+|\pL*|.`,
		`\b(?:said|says|told)\b|:\s*["“]`, `(a*)*`, `(|)(|)(|)`, `^$\A\z\b\B`, `(?i)ſ|k|ǅ`, `x*?y+?z??`}
	for _, name := range BuiltinNames() {
		data, _ := Builtin(name)
		for _, m := range regexp.MustCompile(`(?m)(?:pattern|contains): '((?:[^']|'')*)'`).FindAllStringSubmatch(string(data), -1) {
			srcs = append(srcs, strings.ReplaceAll(m[1], "''", "'"))
		}
	}
	for _, src := range srcs {
		if strings.ContainsRune(src, '{') {
			continue
		}
		sre, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		prog, err := syntax.Compile(sre.Simplify())
		if err != nil {
			t.Fatal(err)
		}
		if n := len(prog.Inst); n > 2*len(src)+16 {
			t.Errorf("%q compiles to %d instructions, over 2×%d+16", src, n, len(src))
		}
	}
}

// TestInstBound checks that srcInstBound is never below the
// instructions regexp.Compile makes, on patterns made to test each rule
// of it and on those of the built-in packs, and that it lets every
// pattern of the packs through without parsing it again.
func TestInstBound(t *testing.T) {
	sources := []string{`a`, ``, `abc`, `[a-z]`, `.`, `(?s).`, `^$\b\B\A\z`, `(a)`, `(?:a)`, `()`, `(?:)`, `a||b`, `|`, `(|)`,
		`a*`, `a+`, `a?`, `a*?`, `(a*)*`, `(a*)+`, `(a|)+`, `(?:){5}`, `x{0}`, `x{1}`, `x{0,1}`, `x{2,5}`, `x{3,}`, `x{0,}`,
		`x{1,}`, `(?:a{2,5}){3}`, `(?:(?:ab|cd){2,4}x){1,3}`, `(a(b(c)?)*)+`, `a|b|c`, `ab|cd|ef`, `(?i)straße{2}`,
		`\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*){0,3}`, `(?:x{10}){10}`, `(?:(?:a?){5}b*){7}`, `(?:a{1000}){1000}`,
		`(?:[a-c]{2,}|d){3,9}`, `((((a{2}){2}){2}){2})`, `\Qa{5}\E{9}`, `\Q(x`, `[]{}]{7}`, `[^]a]{3,4}`, `[[:alpha:]]{9}`,
		`\x{41}{12}`, `\x41{12}`, `\101{12}`, `\pL{12}`, `\p{Greek}{12}`, `a{03}`, `a{,3}`, `a{x}`, `{`, `a{`, `a{2`,
		`(?P<name>ab){3}`, `(?i:a|b){4}`, `(?:(){3}){4}`, `(|a){5}`, `\{3}`, `é{5}ü{2,}`, `(?:\b|\B){9}`}
	own := len(sources)
	for _, name := range BuiltinNames() {
		data, err := packFS.ReadFile("packs/" + name + ".yml")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?m)(?:pattern|contains): '((?:[^']|'')*)'`).FindAllStringSubmatch(string(data), -1) {
			sources = append(sources, strings.ReplaceAll(m[1], "''", "'"))
		}
	}
	// The packs' patterns as loaded, variables put in.
	cfg := DefaultConfig()
	cfg.Packs = nil
	for _, name := range append([]string{DefaultPack}, BuiltinNames()...) {
		cfg.Packs = append(cfg.Packs, PackRef{Name: BuiltinPrefix + name})
	}
	cfg.Vars["publisher"] = Var{Values: []string{"RFE/RL"}}
	cfg.Vars["agent"] = Var{Values: []string{"«Медуза»"}}
	set, err := Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(v reflect.Value)
	seen := map[uintptr]bool{}
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			if re, ok := v.Interface().(*regexp.Regexp); ok {
				sources = append(sources, re.String())
				return
			}
			walk(v.Elem())
		case reflect.Struct:
			if v.Type().PkgPath() == reflect.TypeFor[Rule]().PkgPath() {
				for i := range v.NumField() {
					walk(v.Field(i))
				}
			}
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	read := len(sources)
	walk(reflect.ValueOf(set))
	if len(sources)-read < 30 {
		t.Fatalf("%d patterns in the loaded packs: too few", len(sources)-read)
	}
	packs := 0
	for i, src := range sources {
		sre, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			continue // a pattern with ${vars}
		}
		prog, err := syntax.Compile(sre.Simplify())
		if err != nil {
			t.Fatal(err)
		}
		bound := srcInstBound(src)
		if bound < min(len(prog.Inst), MaxPatternInsts+1) {
			t.Errorf("srcInstBound(%q) = %d, syntax.Compile makes %d", src, bound, len(prog.Inst))
		}
		if i >= own {
			packs++
			if bound > MaxPatternInsts {
				t.Errorf("srcInstBound(%.60q) = %d: a built-in pattern is counted", src, bound)
			}
		}
	}
	if packs < 60 {
		t.Errorf("%d patterns of the packs read: too few", packs)
	}
}
