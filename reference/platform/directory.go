package platform

import (
	"slices"
	"sort"
	"sync"

	"github.com/hutong-interop/hutong/contract/iti"
)

// MerchantDirectoryShared keeps one directory of merchants and institutions
// for the whole platform rather than one per session: the institutions a
// merchant enabled are merged, by the merchant's id, across every session
// that set it up, and the payment screen offers what another session
// enabled, under the name it was connected with there. A platform that
// partitions orders by session but caches its merchant directory globally
// leaks one session's merchants into another.
const MerchantDirectoryShared = "merchant-directory-shared"

// directory is the platform-wide directory MerchantDirectoryShared keeps.
// A session's lock is taken before it, never after.
type directory struct {
	mu      sync.Mutex
	enabled map[string][]string     // merchant id -> every institution any session enabled
	insts   map[string]*institution // institution id -> as connected in some session
}

// share records a connected institution in the platform-wide directory.
func (s *State) share(in *institution) {
	if !s.violates(MerchantDirectoryShared) {
		return
	}
	d := &s.p.dir
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.insts == nil {
		d.insts = map[string]*institution{}
	}
	d.insts[in.id] = in
}

// shareMerchant merges m's enabled institutions into the directory and
// returns the merged list, which the answer to setting m up then shows.
func (s *State) shareMerchant(m *iti.Merchant) []string {
	if !s.violates(MerchantDirectoryShared) {
		return m.EnabledInstitutions
	}
	d := &s.p.dir
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.enabled == nil {
		d.enabled = map[string][]string{}
	}
	all := d.enabled[m.MerchantID]
	for _, id := range m.EnabledInstitutions {
		if !slices.Contains(all, id) {
			all = append(all, id)
		}
	}
	d.enabled[m.MerchantID] = all
	return slices.Clone(all)
}

// sharedOptions are the options the directory adds to m's payment screen:
// institutions other sessions enabled for m's id that this session never
// connected, in the order of their ids.
func (s *State) sharedOptions(m *iti.Merchant, amount int64) []iti.PaymentOption {
	if !s.violates(MerchantDirectoryShared) {
		return nil
	}
	d := &s.p.dir
	d.mu.Lock()
	defer d.mu.Unlock()
	var ids []string
	for _, id := range d.enabled[m.MerchantID] {
		if s.institutions[id] == nil && d.insts[id] != nil {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []iti.PaymentOption
	for _, id := range ids {
		out = append(out, iti.PaymentOption{InstitutionID: id, Label: d.insts[id].req.Name, Screen: iti.ScreenFirst,
			Prominence: iti.ProminenceStandard, Fees: []iti.Fee{}, TotalMinor: amount})
	}
	return out
}
