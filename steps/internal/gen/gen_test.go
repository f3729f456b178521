package gen

import (
	"reflect"
	"testing"
)

func TestCasesCoverEveryValue(t *testing.T) {
	dims := []Dim{{"a", []string{"1", "2", "3"}}, {"b", []string{"x", "y", "z", "w", "v"}}}
	cs := New(7, "s").Cases(2, dims...)
	if len(cs) != 5 {
		t.Fatalf("got %d cases, want 5: n is raised to the largest dimension", len(cs))
	}
	for _, d := range dims {
		seen := map[string]bool{}
		for _, c := range cs {
			seen[c[d.Name]] = true
		}
		for _, v := range d.Values {
			if !seen[v] {
				t.Errorf("value %s of %s never drawn: %v", v, d.Name, cs)
			}
		}
	}
}

func TestCasesRepeatForASeed(t *testing.T) {
	d := Dim{"a", []string{"1", "2", "3", "4"}}
	one, two := New(1, "s").Cases(20, d), New(1, "s").Cases(20, d)
	if !reflect.DeepEqual(one, two) {
		t.Fatal("the same seed and name drew different cases")
	}
	if reflect.DeepEqual(one, New(2, "s").Cases(20, d)) && reflect.DeepEqual(one, New(1, "t").Cases(20, d)) {
		t.Fatal("another seed and another scenario drew the same cases")
	}
}
