package acquirer

import (
	"sync"

	"github.com/hutong-interop/hutong/contract/iti"
)

// PaymentsByMerchantID keeps the payments received in one ledger for the
// whole acquirer, by merchant id, rather than one per session: a merchant's
// payments are listed with those every other session received for a
// merchant of the same id. An acquirer whose ledger is keyed by the
// merchant's id alone leaks one session's payments into another.
const PaymentsByMerchantID = "payments-by-merchant-id"

// ledger is the acquirer-wide ledger PaymentsByMerchantID keeps. A
// session's lock is taken before it, never after.
type ledger struct {
	mu       sync.Mutex
	payments map[string][]iti.ReceivedPayment
}

func (l *ledger) add(p iti.ReceivedPayment) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.payments == nil {
		l.payments = map[string][]iti.ReceivedPayment{}
	}
	l.payments[p.MerchantID] = append(l.payments[p.MerchantID], p)
}

func (l *ledger) list(merchant string) []iti.ReceivedPayment {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]iti.ReceivedPayment{}, l.payments[merchant]...)
}

// record books a payment the session received, under s.mu.
func (s *State) record(p iti.ReceivedPayment) {
	s.payments[p.MerchantID] = append(s.payments[p.MerchantID], p)
	if s.a.Violate(PaymentsByMerchantID) {
		s.a.ledger.add(p)
	}
}
