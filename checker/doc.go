// Package checker runs copydesk's rules over article HTML.
//
// It builds a positioned document from golang.org/x/net/html's tokenizer:
// a tree of html.Node values (so CSS selectors from cascadia work on it)
// in which every element, attribute and text run has a byte span in the
// source, and the text model (docs/rules.md, "Text model"): blocks of
// visible text that map back, byte for byte, to the source they came
// from. Positions are byte offsets; lines and columns are computed only
// for findings.
//
// The five check kinds (require, forbid, exact, attribute, distinct) are
// values listed in one slice (see Kinds), each in its file kind_NAME.go
// with its compile step and its doc. The Engine compiles a rule set
// once and checks documents: scope, each and when select what a rule looks
// at, the kind reports findings, and the engine stamps severities,
// validates fixes and sorts the findings. The checker knows nothing of
// flags, terminals or output formats.
package checker
