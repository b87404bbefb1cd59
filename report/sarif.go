package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// sarifFormat is the SARIF format.
var sarifFormat = Format{Name: "sarif", Doc: "SARIF 2.1.0, for GitHub code scanning and SARIF viewers", Write: writeSARIF}

// SARIF constants: the schema GitHub's documentation names, and the base
// id of the relative artifact URIs.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	sarifSrcRoot = "%SRCROOT%"
	// GitHub cuts rule descriptions longer than this.
	sarifMaxDescription = 1024
)

// The SARIF 2.1.0 wire structs: the subset of the OASIS schema that
// copydesk fills (docs/reports.md, "SARIF").
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		Invocations        []sarifInvocation                `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		ColumnKind         string                           `json:"columnKind"`
		Results            []sarifResult                    `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		Version         string      `json:"version,omitempty"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri,omitempty"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string               `json:"id"`
		Name                 string               `json:"name"`
		ShortDescription     sarifMessage         `json:"shortDescription"`
		FullDescription      sarifMessage         `json:"fullDescription"`
		Help                 sarifHelp            `json:"help"`
		HelpURI              string               `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration   `json:"defaultConfiguration"`
		Properties           *sarifRuleProperties `json:"properties,omitempty"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProperties struct {
		Tags []string `json:"tags"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifMessage       `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Fixes               []sarifFix         `json:"fixes,omitempty"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	// sarifRegion holds text (line/column) and binary (byte) properties;
	// SARIF allows both when they agree. Zero lines and columns are left
	// out; byte offsets are pointers because 0 is a valid offset.
	sarifRegion struct {
		StartLine   int  `json:"startLine,omitempty"`
		StartColumn int  `json:"startColumn,omitempty"`
		EndLine     int  `json:"endLine,omitempty"`
		EndColumn   int  `json:"endColumn,omitempty"`
		ByteOffset  *int `json:"byteOffset,omitempty"`
		ByteLength  *int `json:"byteLength,omitempty"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion           `json:"deletedRegion"`
		InsertedContent *sarifArtifactContent `json:"insertedContent,omitempty"`
	}
	sarifArtifactContent struct {
		Text string `json:"text"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification,omitempty"`
	}
)

// writeSARIF writes the result as one SARIF 2.1.0 run. Columns count
// UTF-16 code units (run.columnKind says so); URIs are relative to
// %SRCROOT%, the working directory, which originalUriBaseIds gives as an
// absolute file URI when Result.Root is known.
func writeSARIF(w io.Writer, r *Result, _ Options) error {
	list, index := r.ruleList()
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           r.Tool.Name,
			Version:        strings.TrimPrefix(r.Tool.Version, "v"),
			InformationURI: r.Tool.URL,
			Rules:          make([]sarifRule, 0, len(list)),
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(r.Errors) == 0}},
		ColumnKind:  "utf16CodeUnits",
		Results:     []sarifResult{},
	}
	if v := run.Tool.Driver.Version; isSemver(v) {
		run.Tool.Driver.SemanticVersion = v
	}
	if r.Root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{sarifSrcRoot: {URI: dirURI(r.Root)}}
	}
	for _, rule := range list {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r, rule))
	}
	for _, e := range r.Errors {
		loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(e.Path)}}
		if e.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: e.Line}
		}
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifMessage{Text: e.Message}, Locations: []sarifLocation{loc}})
	}
	for _, f := range r.Files {
		fps := f.Fingerprints()
		art := artifactLocation(f.Path)
		for i := range f.Findings {
			fd := &f.Findings[i]
			res := sarifResult{
				RuleID:    fd.RuleID(),
				RuleIndex: index[fd.RuleID()],
				Level:     sarifLevel(fd.Severity),
				Message:   sarifMessage{Text: fd.Message},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
					ArtifactLocation: art,
					Region:           regionOf(fd.Span.Start, fd.Span.End, fd.Start, fd.End),
				}}},
				PartialFingerprints: map[string]string{"primaryLocationLineHash": fps[i]},
			}
			if fd.Fix != nil {
				res.Fixes = []sarifFix{sarifFixOf(art, fd.Fix)}
			}
			if fd.Suppressed {
				res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: fd.Justification}}
			}
			run.Results = append(run.Results, res)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// isSemver reports whether v is a SemVer 2.0 version (as Go module
// versions are, once their "v" is dropped).
func isSemver(v string) bool {
	return regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`).MatchString(v)
}

// sarifRuleOf describes a rule as a SARIF reportingDescriptor.
func sarifRuleOf(r *Result, rule *rules.Rule) sarifRule {
	title := rule.Title
	if title == "" {
		title = rule.ID
	}
	full := firstParagraph(rule.Help)
	if full == "" {
		full = title
	}
	help := strings.TrimSpace(rule.Help)
	if help == "" {
		help = title
	}
	sr := sarifRule{
		ID:                   rule.ID,
		Name:                 pascalName(rule.ID),
		ShortDescription:     sarifMessage{Text: truncate(title, sarifMaxDescription)},
		FullDescription:      sarifMessage{Text: truncate(full, sarifMaxDescription)},
		Help:                 sarifHelp{Text: help, Markdown: help + examplesMarkdown(rule.Examples)},
		HelpURI:              r.helpURL(rule),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
	}
	if rule.Pack != "" {
		sr.Properties = &sarifRuleProperties{Tags: []string{rule.Pack}}
	}
	return sr
}

// sarifFixOf turns a fix into a SARIF fix on the finding's artifact.
func sarifFixOf(art sarifArtifactLocation, fx *checker.Fix) sarifFix {
	change := sarifArtifactChange{ArtifactLocation: art, Replacements: make([]sarifReplacement, 0, len(fx.Edits))}
	for _, e := range fx.Edits {
		rep := sarifReplacement{DeletedRegion: *regionOf(e.Start, e.End, e.StartPos, e.EndPos)}
		if e.Text != "" {
			rep.InsertedContent = &sarifArtifactContent{Text: e.Text}
		}
		change.Replacements = append(change.Replacements, rep)
	}
	return sarifFix{Description: sarifMessage{Text: fx.Message}, ArtifactChanges: []sarifArtifactChange{change}}
}

// regionOf is the region of the bytes [start, end) at positions from,
// to. Positions that were never filled in (line 0) are left out, which
// leaves a region given by its bytes alone.
func regionOf(start, end int, from, to checker.Position) *sarifRegion {
	length := end - start
	reg := &sarifRegion{ByteOffset: &start, ByteLength: &length}
	if from.Line > 0 && to.Line > 0 {
		reg.StartLine, reg.StartColumn = from.Line, from.Column16
		reg.EndLine, reg.EndColumn = to.Line, to.Column16
	}
	return reg
}

// sarifLevel maps a severity to a SARIF level (docs/reports.md, "Severities").
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.SevError:
		return "error"
	case rules.SevWarning:
		return "warning"
	case rules.SevInfo:
		return "note"
	}
	return "none"
}

// artifactLocation returns the SARIF location of a report path: a
// relative path is a percent-encoded URI reference under %SRCROOT%; an
// absolute path is a file URI; the http(s) URL of a page read from a web
// archive is itself.
func artifactLocation(path string) sarifArtifactLocation {
	if u, err := url.Parse(path); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		// A page read from a web archive is named by its URL.
		return sarifArtifactLocation{URI: u.String()}
	}
	slash := filepath.ToSlash(path)
	if strings.HasPrefix(slash, "/") || filepath.IsAbs(path) {
		return sarifArtifactLocation{URI: fileURI(slash)}
	}
	u := escapePath(slash)
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u // "a:b.html" would read as a URI scheme
	}
	return sarifArtifactLocation{URI: u, URIBaseID: sarifSrcRoot}
}

// dirURI returns the file URI of a directory, with the trailing slash
// that makes relative URIs resolve inside it.
func dirURI(dir string) string {
	u := fileURI(filepath.ToSlash(dir))
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// fileURI returns the file URI of an absolute slash path ("C:/x" too).
func fileURI(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + escapePath(p)
}

// escapePath percent-encodes each segment of a slash path.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// pascalName turns a rule id into the PascalCase identifier SARIF
// suggests for a rule's name: "wire/credit-line" is "WireCreditLine".
func pascalName(id string) string {
	var b strings.Builder
	upper := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// firstParagraph returns the first paragraph of a markdown text on one
// line.
func firstParagraph(md string) string {
	md = strings.TrimSpace(strings.ReplaceAll(md, "\r\n", "\n"))
	if i := strings.Index(md, "\n\n"); i >= 0 {
		md = md[:i]
	}
	return strings.Join(strings.Fields(md), " ")
}

// truncate cuts s to at most n bytes at a character boundary, marking
// the cut with "…" (GitHub counts a description's limit in bytes).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}

// examplesMarkdown renders a rule's examples for its SARIF help.
func examplesMarkdown(ex rules.Examples) string {
	var parts []string
	add := func(title string, list []string) {
		if len(list) == 0 {
			return
		}
		parts = append(parts, title+":")
		for _, e := range list {
			fence := "```"
			for strings.Contains(e, fence) {
				fence += "`"
			}
			parts = append(parts, fence+"html\n"+e+"\n"+fence)
		}
	}
	add("Passes", ex.Valid)
	add("Fails", ex.Invalid)
	if len(parts) == 0 {
		return ""
	}
	return "\n\n" + strings.Join(parts, "\n\n")
}
