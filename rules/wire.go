package rules

import (
	"reflect"

	"go.yaml.in/yaml/v3"
)

// This file describes the rule file and config formats, once. The
// generic decoder (decode.go) fills these structs and checks what their
// tags say; load_rules.go and load_config.go turn them into the
// validated types of rule.go and config.go. See decode.go for the tags.

// ruleFileWire is a rule file.
type ruleFileWire struct {
	Version     int    `yaml:"version" required:"true" enum:"1" doc:"format version of the rule file; must be 1"`
	Pack        string `yaml:"pack" required:"true" pattern:"^[a-z0-9-]+$" doc:"name of the pack; every rule id starts with it and a slash"`
	Description string `yaml:"description" doc:"what the pack checks and where its texts come from, in markdown; shown by explain and, for the built-in packs, in docs/packs.md"`
	// Jurisdictions and Vars make a pack conditional: see docs/rules.md,
	// "Declared variables and conditional packs".
	Jurisdictions []string               `yaml:"jurisdictions" minItems:"1" pattern:"^[a-z]{2}$" doc:"ISO 3166 alpha-2 codes, lower case: the pack's rules apply only to pages in one of these jurisdictions"`
	Vars          map[string]varDeclWire `yaml:"vars" keyPattern:"^[A-Za-z_][A-Za-z0-9_]*$" doc:"variables the rules use; one without a default must be set under vars: in the config"`
	Rules         []ruleWire             `yaml:"rules" doc:"the rules of the pack"`
}

// varDeclWire declares a variable of a rule file.
type varDeclWire struct {
	Doc     string     `yaml:"doc" required:"true" minLength:"1" doc:"what the variable holds; shown when it is missing"`
	Default *strOrList `yaml:"default" doc:"value used when the config does not set the variable; without one the config must set it"`
	Example *strOrList `yaml:"example" doc:"value the rules' examples are written for, used by copydesk test and explain; default: the default"`
}

// ruleWire is one rule.
type ruleWire struct {
	ID       string    `yaml:"id" required:"true" pattern:"^[a-z0-9-]+/[a-z0-9-]+$" doc:"rule id, <pack>/<name>, lower-case letters, digits and dashes"`
	Title    string    `yaml:"title" required:"true" minLength:"1" doc:"one-line summary of what the rule checks"`
	Severity string    `yaml:"severity" enum:"error,warning,info" default:"warning" doc:"how serious a finding is"`
	Enabled  bool      `yaml:"enabled" default:"true" doc:"false: the rule is opt-in, off until a config turns it on under rules: (with on or a severity), though its pack runs"`
	Message  string    `yaml:"message" doc:"finding message, a Go text/template with {{.Match}}, {{.Expected}} and {{.Replacement}}"`
	Help     string    `yaml:"help" doc:"longer explanation in markdown, shown by explain and in SARIF rule help"`
	URL      string    `yaml:"url" doc:"absolute http(s) URL of the style-guide entry"`
	Scope    string    `yaml:"scope" minLength:"1" doc:"CSS selector of the part of the document the rule checks; default: the config's content"`
	Each     string    `yaml:"each" minLength:"1" doc:"CSS selector; the check runs once per matching element, with it as the scope"`
	Exclude  string    `yaml:"exclude" minLength:"1" doc:"CSS selector list of parts of the scope the rule ignores: text, elements and each elements inside a matching element (e.g. comments, pull quotes); only elements inside the scope count, not the scope or the elements around it"`
	When     *condWire `yaml:"when" doc:"condition for the rule to apply"`
	// Check stands for the keys of the check kinds (require, forbid, …:
	// checkKinds in kind.go), exactly one of which a rule gives; the wire
	// struct of each is in its kind_NAME.go.
	Check    checkSet
	Fix      *fixWire      `yaml:"fix" doc:"an insertion that repairs a failed require or a missing exact text"`
	Examples *examplesWire `yaml:"examples" doc:"HTML snippets the rule must pass and fail, run by copydesk test"`
}

// fixWire is a rule's fix.
type fixWire struct {
	Insert string `yaml:"insert" required:"true" minLength:"1" doc:"HTML to insert"`
	At     string `yaml:"at" enum:"start,end" default:"end" doc:"where in the scope element the HTML goes"`
}

// examplesWire are a rule's examples.
type examplesWire struct {
	Valid   []string `yaml:"valid" doc:"HTML documents the rule must pass"`
	Invalid []string `yaml:"invalid" doc:"HTML documents the rule must report"`
}

// condWire is a when condition; all keys given must hold.
type condWire struct {
	Jurisdiction strOrList         `yaml:"jurisdiction" pattern:"^[a-z]{2}$" doc:"ISO 3166 alpha-2 code(s), lower case; holds when any is among the run's jurisdictions"`
	Lang         string            `yaml:"lang" pattern:"^[A-Za-z]+(-[A-Za-z0-9]+)*$" doc:"prefix of <html lang>, case-insensitive"`
	Meta         map[string]string `yaml:"meta" minItems:"1" minLength:"1" doc:"<meta> name or property -> RE2 pattern its content must match"`
	Has          string            `yaml:"has" minLength:"1" doc:"CSS selector list that must match an element: on the page, or with each inside the element (or the element itself); with each, a selector starting with + is the element's next sibling, with ~ a later sibling, as in CSS :has()"`
	Contains     string            `yaml:"contains" minLength:"1" doc:"RE2 pattern that must match within a block of the scope"`
	Path         string            `yaml:"path" minLength:"1" doc:"glob the document's slash path must match; ** matches any number of directories"`
	Before       *beforeWire       `yaml:"before" doc:"with each: the nearest element before the each element, in document order inside the scope, that selector matches, has visible text and is not excluded (wrappers, images, ads and embeds between are passed over); holds when there is one and its text matches pattern"`
	Count        *countWire        `yaml:"count" doc:"at least min elements of the scope (the rule's scope, also with each) match selector and are not excluded"`
	All          []condWire        `yaml:"all" minItems:"1" doc:"conditions that must all hold"`
	Any          []condWire        `yaml:"any" minItems:"1" doc:"conditions of which at least one must hold"`
	Not          *condWire         `yaml:"not" doc:"condition that must not hold"`
}

// beforeWire is a before condition.
type beforeWire struct {
	Selector string `yaml:"selector" required:"true" minLength:"1" doc:"CSS selector of the elements looked at, e.g. p"`
	Pattern  string `yaml:"pattern" minLength:"1" doc:"RE2 pattern the element's text must match; without it, the condition holds when there is such an element"`
}

// countWire is a count condition.
type countWire struct {
	Selector string `yaml:"selector" required:"true" minLength:"1" doc:"CSS selector of the elements counted"`
	Min      int    `yaml:"min" required:"true" minimum:"1" doc:"how many must match for the condition to hold"`
}

// configWire is a .copydesk.yml file.
type configWire struct {
	Version       int                  `yaml:"version" required:"true" enum:"1" doc:"format version of the config; must be 1"`
	Packs         []string             `yaml:"packs" minLength:"1" default:"builtin:default" doc:"rule packs to run: builtin:NAME or a rule file path relative to this file"`
	Vars          map[string]strOrList `yaml:"vars" keyPattern:"^[A-Za-z_][A-Za-z0-9_]*$" doc:"variables substituted into rules as ${name}: a string or a list of strings"`
	Jurisdictions []string             `yaml:"jurisdictions" pattern:"^[a-z]{2}$" doc:"ISO 3166 alpha-2 codes, lower case, of the jurisdictions that apply"`
	Content       string               `yaml:"content" minLength:"1" default:"article, [itemprop=articleBody], main" doc:"CSS selector list of the article body, tried in order"`
	Include       []string             `yaml:"include" minLength:"1" doc:"globs of the files to check when no path is given"`
	Exclude       []string             `yaml:"exclude" minLength:"1" doc:"globs of files never to check"`
	Rules         map[string]string    `yaml:"rules" enum:"error,warning,info,off,on" doc:"severity override by rule id: on runs an opt-in rule at its own severity"`
	Overrides     []overrideWire       `yaml:"overrides" doc:"settings for the files matching some globs"`
}

// overrideWire is one entry of a config's overrides.
type overrideWire struct {
	Files         []string          `yaml:"files" required:"true" minItems:"1" minLength:"1" doc:"globs of the files this override applies to, relative to the config"`
	Jurisdictions []string          `yaml:"jurisdictions" pattern:"^[a-z]{2}$" doc:"jurisdictions added for these files"`
	Rules         map[string]string `yaml:"rules" enum:"error,warning,info,off,on" doc:"severity override by rule id for these files: on runs an opt-in rule at its own severity"`
}

// strOrList is a string or a list of strings.
type strOrList struct {
	Values []string
	List   bool // given as a list
}

// decodeYAML implements nodeDecoder.
func (s *strOrList) decodeYAML(d *decoder, n *yaml.Node, path string, c *constraints) {
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null":
		s.Values = []string{n.Value}
		d.checkString(n, path, n.Value, c)
	case n.Kind == yaml.SequenceNode:
		s.List = true
		s.Values = make([]string, 0, len(n.Content))
		for i, item := range n.Content {
			p := joinIndex(path, i)
			d.pos[p] = d.nodePos(item)
			var v string
			d.decodeNode(item, reflect.ValueOf(&v).Elem(), p, c)
			s.Values = append(s.Values, v)
		}
	default:
		d.typeError(n, path, "a string or a list of strings")
	}
}
