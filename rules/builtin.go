package rules

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// packFS holds the built-in rule packs, one NAME.yml per pack, and the
// files their rules refer to.
//
//go:embed packs
var packFS embed.FS

// BuiltinPrefix starts the name of a built-in pack in a config's packs.
const BuiltinPrefix = "builtin:"

// DefaultPack is the built-in name that stands for the default packs.
const DefaultPack = "default"

// DefaultPacks returns the names of the packs that builtin:default
// stands for. Those not embedded in this build are skipped.
func DefaultPacks() []string {
	return []string{"wire-credits", "image-credits", "attribution", "editorial"}
}

// ConditionalPacks returns the names of the packs that builtin:default
// also stands for, but that apply only to pages of their jurisdictions
// and load only when the config sets the variables they need (a
// publisher's or agent's name): without them such a pack is listed in
// Set.Inactive instead of failing the load.
func ConditionalPacks() []string {
	return []string{"ru-undesirable", "ru-foreign-agent"}
}

// BuiltinNames returns the names of the embedded packs, sorted.
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(packFS, "packs")
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yml"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Builtin returns the rule file of the embedded pack name.
func Builtin(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return nil, false
	}
	data, err := fs.ReadFile(packFS, "packs/"+name+".yml")
	return data, err == nil
}

// readBuiltinFile reads a file an embedded pack refers to (exact.file),
// relative to the packs directory.
func readBuiltinFile(name string) ([]byte, error) {
	return fs.ReadFile(packFS, path.Join("packs", path.Clean("/" + strings.ReplaceAll(name, `\`, "/"))[1:]))
}

// packName is a built-in pack a builtin: name stands for.
type packName struct {
	name     string
	optional bool // brought in by builtin:default from ConditionalPacks
}

// expandDefault returns the embedded packs a builtin name stands for:
// itself, or for default the embedded ones of DefaultPacks and then of
// ConditionalPacks (optional).
func expandDefault(name string) []packName {
	if name != DefaultPack {
		return []packName{{name: name}}
	}
	var out []packName
	for i, list := range [][]string{DefaultPacks(), ConditionalPacks()} {
		for _, n := range list {
			if _, ok := Builtin(n); ok {
				out = append(out, packName{name: n, optional: i == 1})
			}
		}
	}
	return out
}
