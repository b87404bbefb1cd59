package rules

// ConfigName is the file name config discovery looks for.
const ConfigName = ".copydesk.yml"

// DefaultContent is the content selector when a config gives none: the
// first of these alternatives that matches is the article body; with no
// match, the checker falls back to <body> and then to the whole document.
const DefaultContent = "article, [itemprop=articleBody], main"

// Config is a loaded .copydesk.yml (or the built-in default config).
type Config struct {
	Path string // file it came from; "" for the built-in default
	Dir  string // directory relative pack paths and globs resolve against

	Packs         []PackRef
	Vars          map[string]Var
	Jurisdictions []string
	Content       string // CSS selector list, tried in order (see DefaultContent)
	Include       []string
	Exclude       []string
	Severities    map[string]SeverityOverride // rules: {id: severity}
	Overrides     []Override

	KeyPos map[string]Pos // positions of keys by path, e.g. "packs[1]", "rules.wire/credit-line"
	// ValuePos holds the positions of the values by the same paths (of
	// non-empty values only). Report a bad value at its value position.
	ValuePos map[string]Pos
}

// PackRef names a pack: "builtin:NAME" or a rule file path.
type PackRef struct {
	Name string
	Pos  Pos
}

// Var is a config variable: a string, or a list of strings.
// In a pattern a string is quoted as a literal and a list becomes an
// alternation of quoted literals; in text a list is joined with ", ".
type Var struct {
	Values []string
	List   bool
}

// SeverityOverride is a severity given for a rule id in a config.
type SeverityOverride struct {
	Severity Severity
	// On is set for "on": the rule's own severity, which Load fills in
	// as Severity (an opt-in rule turned on).
	On  bool
	Pos Pos
}

// Override applies to files matching any of Files (globs relative to
// the config directory).
type Override struct {
	Files         []string
	Jurisdictions []string
	Severities    map[string]SeverityOverride
	Pos           Pos

	globs []*Glob // Files compiled by ParseConfig; compiled on use when not
}
