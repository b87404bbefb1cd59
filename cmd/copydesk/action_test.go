package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// action is the part of action.yml the tests read.
type action struct {
	Inputs  map[string]struct{ Default *string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }    `yaml:"outputs"`
	Runs    struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID    string            `yaml:"id"`
			Name  string            `yaml:"name"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
			Run   string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) action {
	t.Helper()
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a
}

func TestActionMetadata(t *testing.T) {
	inRoot(t)
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using %q, want composite", a.Runs.Using)
	}
	if len(a.Runs.Steps) != 3 || !strings.HasPrefix(a.Runs.Steps[0].Uses, "actions/setup-go@") {
		t.Fatalf("the steps are not setup-go, install, check: %+v", a.Runs.Steps)
	}
	if !strings.Contains(a.Runs.Steps[1].Run, "go install") {
		t.Errorf("copydesk is not installed with go install:\n%s", a.Runs.Steps[1].Run)
	}
	for _, in := range []string{"paths", "config", "jurisdictions", "fail-on", "formats", "sarif-file", "changed", "version"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("no input %q", in)
		}
	}
	for _, out := range []string{"sarif-file", "exit-code"} {
		if !strings.Contains(a.Outputs[out].Value, "steps.check.outputs."+out) {
			t.Errorf("output %q is not the check step's", out)
		}
	}
	expr := regexp.MustCompile(`\$\{\{\s*inputs\.([a-z-]+)\s*\}\}`)
	for _, st := range a.Runs.Steps {
		if strings.Contains(st.Run, "${{") {
			t.Errorf("step %q pastes an expression into its script (inputs must go through env):\n%s", st.Name, st.Run)
		}
		for k, v := range st.Env {
			for _, m := range expr.FindAllStringSubmatch(v, -1) {
				if _, ok := a.Inputs[m[1]]; !ok {
					t.Errorf("step %q: env %s uses the undeclared input %q", st.Name, k, m[1])
				}
			}
		}
	}
}

// TestActionCheckStep runs the check step's script with bash, as the
// runner would (inputs in the environment, GITHUB_OUTPUT a file), with a
// copydesk built from this tree on PATH.
func TestActionCheckStep(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not on PATH")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "copydesk"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	inRoot(t)
	a := readAction(t)
	step := a.Runs.Steps[2]

	site := t.TempDir()
	writeFiles(t, site, map[string]string{
		".copydesk.yml":     creditConfig,
		"credit.yml":        creditRules,
		"news/council.html": uncredited,
		"news/fine.html":    credited,
		"other/skip.html":   uncredited,
	})
	inputs := map[string]string{}
	for name, in := range a.Inputs {
		if in.Default != nil {
			inputs[name] = *in.Default
		}
	}
	inputs["paths"] = "news/*.html\nnews/fine.html"
	inputs["jurisdictions"] = "ru, ua"
	inputs["formats"] = "text json=report.json"
	expr := regexp.MustCompile(`\$\{\{\s*inputs\.([a-z-]+)\s*\}\}`)
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GITHUB_OUTPUT="+filepath.Join(site, "github-output"))
	for k, v := range step.Env {
		env = append(env, k+"="+expr.ReplaceAllStringFunc(v, func(m string) string { return inputs[expr.FindStringSubmatch(m)[1]] }))
	}
	cmd := exec.Command(bash, "-e", "-c", step.Run) // the runner's bash runs scripts with -e
	cmd.Dir = site
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()

	if code != exitFindings {
		t.Fatalf("exit %d (%v), want 1:\n%s", code, err, out)
	}
	if !strings.Contains(string(out), "news/council.html:4:1: error: This figure has no photo credit [t/figure-credit]") ||
		strings.Contains(string(out), "skip.html") ||
		!strings.Contains(string(out), "--jurisdiction ru --jurisdiction ua") {
		t.Errorf("unexpected log:\n%s", out)
	}
	gh, err := os.ReadFile(filepath.Join(site, "github-output"))
	if err != nil || string(gh) != "sarif-file=copydesk.sarif\nexit-code=1\n" {
		t.Errorf("GITHUB_OUTPUT: %q, %v", gh, err)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(filepath.Join(site, "copydesk.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 1 || sarif.Runs[0].Results[0].RuleID != "t/figure-credit" {
		t.Errorf("SARIF report (%v):\n%s", err, data)
	}
	if _, err := os.Stat(filepath.Join(site, "report.json")); err != nil {
		t.Errorf("the json report of formats was not written: %v", err)
	}
}
