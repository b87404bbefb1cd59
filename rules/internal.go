package rules

// copydesk's own rules: those it reports by itself rather than through a
// check of a rule file (pack copydesk). Every Set holds them, and a config
// sets their severity, or turns them off, like any rule's.

// PackCopydesk is the pack of the rules copydesk reports by itself rather
// than through a check of a rule file. Rule files cannot use it.
const PackCopydesk = "copydesk"

// ParseWarningID is the rule of the findings that report a problem with a
// page's markup or encoding that did not stop the check: markup nested
// too deep, a charset declaration that does not match the bytes, invalid
// UTF-8. Like any rule it can be set to off, info or error in a config.
const ParseWarningID = PackCopydesk + "/parse-warning"

// TooManyFindingsID is the rule of the finding that stands for the
// findings of a file beyond the per-file cap (see the README's "Limits").
const TooManyFindingsID = PackCopydesk + "/too-many-findings"

// LimitRule returns the rule of TooManyFindingsID, a new value on each
// call. Every Set holds it among its internal rules.
func LimitRule() *Rule {
	return &Rule{
		ID:       TooManyFindingsID,
		Pack:     PackCopydesk,
		Title:    "A file has more findings than are reported",
		Severity: SevWarning,
		Internal: true,
		Help: "A file gets at most 1,000 findings, and at most 200 of one rule (the defaults). Past that, one\n" +
			"finding stands for the rest and says how many there are: for one rule, a finding of that rule;\n" +
			"for the file, a finding of this rule, at the first finding left out, with the highest severity\n" +
			"of those it stands for, so that the verdict and the exit code are what they would have been.\n" +
			"Pages with that many findings are mostly not articles (a text dump, a template with\n" +
			"placeholders, hostile input); fix what is reported and check again to see the rest.",
	}
}

// internalRules returns the rules every Set holds besides those of its
// rule files, freshly built (the set's rules are its own to modify).
func internalRules() []*Rule {
	return append([]*Rule{{
		ID:       ParseWarningID,
		Pack:     PackCopydesk,
		Title:    "The page parses with warnings",
		Severity: SevWarning,
		Internal: true,
		Help: "copydesk found a problem with the page's markup or encoding that did not stop the check " +
			"but may change what readers see or what the rules could check:\n\n" +
			"- markup nested more than 512 elements deep (deeper elements are kept as siblings, as browsers do);\n" +
			"- a `<meta charset>` that does not match the bytes (the page is valid UTF-8 but declares a legacy charset, so browsers show mojibake);\n" +
			"- bytes that are not valid UTF-8 in a page that declares no other charset (browsers show \ufffd);\n" +
			"- a start tag whose attributes could not be located;\n" +
			"- a file that ends inside an unfinished tag (which browsers drop), or inside a comment or `<script>`, `<style>`, `<textarea>` … that is never closed (which then holds the rest of the page);\n" +
			"- a charset label under which 2% or more of the page decodes to replacement or control characters, or UTF-16 under which the page has no markup though its bytes do (a wrong label: readers see gibberish);\n" +
			"- NUL bytes past the first 1024 bytes (browsers drop them: binary data or a wrong encoding);\n" +
			"- a lone UTF-16 surrogate (shown as \ufffd).\n\n" +
			"Set it to `off`, `info` or `error` in the config's `rules:` like any rule.",
	}}, append(SuppressionRules(), LimitRule())...)
}

// Ids of the rules of suppressions (docs/suppressions.md), which the
// engine reports after the check kinds.
const (
	UnusedSuppression  = PackCopydesk + "/unused-suppression"
	InvalidSuppression = PackCopydesk + "/invalid-suppression"
)

// SuppressionRules returns the rules of suppressions, new values on each
// call. Every Set holds them among its internal rules.
func SuppressionRules() []*Rule {
	url := "https://github.com/copydesk/copydesk/blob/main/docs/suppressions.md"
	return []*Rule{{
		ID:       UnusedSuppression,
		Pack:     PackCopydesk,
		Title:    "A suppression suppresses a finding",
		Severity: SevWarning,
		URL:      url,
		Internal: true,
		Help: "A `copydesk-ignore` comment, `copydesk-ignore-file` comment or `data-copydesk-ignore`\n" +
			"attribute that names a rule which reports nothing where it applies is stale: the problem\n" +
			"was fixed, or the suppression sits before the wrong element. Remove it, so that it cannot\n" +
			"hide a future finding. It is reported at the comment or attribute; suppressions of rules\n" +
			"that are off, or not loaded by the current config, are not reported.",
	}, {
		ID:       InvalidSuppression,
		Pack:     PackCopydesk,
		Title:    "A suppression comment names its rules and gives a reason",
		Severity: SevWarning,
		URL:      url,
		Internal: true,
		Help: "A suppression comment reads `<!-- copydesk-ignore RULE-ID[,RULE-ID] -- reason -->`\n" +
			"(the next element) or `<!-- copydesk-ignore-file RULE-ID -- reason -->` (the whole file).\n" +
			"The reason after ` -- ` is required: it tells the next editor why the rule does not\n" +
			"apply. A comment without one, without rule ids, or naming a rule id that is not\n" +
			"loaded but close to one that is (a likely typo) is reported and suppresses nothing.",
	}}
}
