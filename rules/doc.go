// Package rules holds copydesk's rule and configuration data: the types a
// rule file and a .copydesk.yml decode into, the YAML loader that reports
// every problem with its file:line:col position, variable substitution,
// and the built-in rule packs embedded in the binary.
//
// The package describes rules; it does not run them. It imports the YAML
// decoder and the standard library only, never an HTML package: selectors
// are kept as strings (with their positions) and compiled by the checker.
package rules
