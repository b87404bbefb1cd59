// Package rules holds copydesk's rule and configuration data: the types a
// rule file and a .copydesk.yml decode into, the YAML loader that reports
// every problem with its file:line:col position, variable substitution,
// and the built-in rule packs embedded in the binary.
//
// The package describes rules; it does not run them. It imports the YAML
// decoder and the standard library only, never an HTML package: selectors
// are kept as strings (with their positions) and compiled by the checker.
//
// The file formats are described once, as tagged "wire" structs in
// wire.go; a generic decoder (decode.go) fills them from a yaml.Node
// tree, reporting unknown keys, wrong types, missing keys, duplicate
// keys and invalid values with file:line:col, and recording the
// position of every key. ParseRuleFile and ParseConfig then check what
// the tags cannot say and build the types of rule.go and config.go;
// Load loads every pack of a config into a Set.
package rules
