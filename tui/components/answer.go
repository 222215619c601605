package components

import "github.com/ggi-tool/ggi/assessment"

// AnswerDots draws an answer as filled dots on the 0-3 scale, so it reads
// without colour and on a projector.
func AnswerDots(a assessment.Answer) string {
	switch a {
	case assessment.NotYet:
		return "○○○"
	case assessment.Partly:
		return "●○○"
	case assessment.Largely:
		return "●●○"
	case assessment.Fully:
		return "●●●"
	case assessment.NotApplicable:
		return "–––"
	}
	return "···"
}
