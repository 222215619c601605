package report

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ggi-tool/ggi/assessment"
	"github.com/ggi-tool/ggi/assessment/workshop"
)

// maxVoteColumns is the most participants the votes tables give a column
// each; with more, a row's votes share one "alice: partly, bob: fully"
// cell so that the table still fits a page.
const maxVoteColumns = 5

// Workshop is what the participants' individual votes add up to: who
// voted, the votes on every checkpoint, and the checkpoints the room
// disagreed on strongly enough to discuss them.
type Workshop struct {
	// Voters are the participants with at least one vote: the assessment's
	// participants first, in their order, then anyone else in the order of
	// their first vote.
	Voters []string
	// Checkpoints holds every checkpoint with votes, in questionnaire order.
	Checkpoints []VotedCheckpoint
	// Disputed holds the checkpoints flagged for discussion, in
	// questionnaire order (see workshop.Spread.Disagreement).
	Disputed []VotedCheckpoint
}

// VotedCheckpoint is the tally of one checkpoint's votes, with the text
// people need to recognise it.
type VotedCheckpoint struct {
	workshop.CheckpointTally
	ActivityTitle, Text string
}

// VoteOf returns participant's vote on the checkpoint, or Unanswered.
func (v VotedCheckpoint) VoteOf(participant string) assessment.Answer {
	return workshop.VoteOf(v.Votes, participant)
}

// Agreed counts the voted checkpoints that have an agreed answer.
func (w *Workshop) Agreed() int {
	n := 0
	for _, v := range w.Checkpoints {
		if v.Agreed.Answered() {
			n++
		}
	}
	return n
}

// votedSummary is the number of checkpoints voted on and how many of them
// the room agreed: "7 (5 agreed, 2 not yet)", "1 (agreed)".
func (w *Workshop) votedSummary() string {
	n, agreed := len(w.Checkpoints), w.Agreed()
	var how string
	switch {
	case agreed == n && n == 1:
		how = "agreed"
	case agreed == n:
		how = "all agreed"
	case agreed == 0:
		how = "none agreed yet"
	default:
		how = strconv.Itoa(agreed) + " agreed, " + strconv.Itoa(n-agreed) + " not yet"
	}
	return strconv.Itoa(n) + " (" + how + ")"
}

// Columns reports whether the votes tables give each voter a column of
// their own (else the votes of a row share one cell).
func (w *Workshop) Columns() bool { return len(w.Voters) <= maxVoteColumns }

// buildWorkshop sums up the votes; Workshop stays nil without any, so a
// report on an assessment without workshop data is as it always was.
func (r *Report) buildWorkshop() {
	tallies := workshop.Tallies(r.Q, r.A)
	if len(tallies) == 0 {
		return
	}
	w := &Workshop{}
	seen := make(map[string]bool)
	var others []string
	for _, t := range tallies {
		for _, v := range t.Votes {
			if v.Answer.Answered() && !seen[v.Participant] {
				seen[v.Participant] = true
				others = append(others, v.Participant)
			}
		}
		vc := VotedCheckpoint{CheckpointTally: t, ActivityTitle: r.ActivityTitle(t.ActivityID), Text: r.checkpointText(t.ActivityID, t.CheckpointID)}
		w.Checkpoints = append(w.Checkpoints, vc)
		if t.Spread.Disagreement {
			w.Disputed = append(w.Disputed, vc)
		}
	}
	for _, p := range r.A.Participants {
		if seen[p] && !slices.Contains(w.Voters, p) {
			w.Voters = append(w.Voters, p)
		}
	}
	for _, p := range others {
		if !slices.Contains(w.Voters, p) {
			w.Voters = append(w.Voters, p)
		}
	}
	r.Workshop = w
}

func (r *Report) checkpointText(activityID, checkpointID string) string {
	act, ok := r.Q.Activity(activityID)
	if !ok {
		return ""
	}
	for _, c := range act.Checkpoints {
		if c.ID == checkpointID {
			return c.Text
		}
	}
	return ""
}

// agreedLabel is the answer the room settled on, for people.
func agreedLabel(a assessment.Answer) string {
	if !a.Answered() {
		return "not agreed"
	}
	return a.Label()
}

// voteLabel is one participant's vote for a table cell, a dash for none.
func voteLabel(a assessment.Answer) string {
	if !a.Answered() {
		return Dash
	}
	return a.Label()
}

// compactVotes joins the votes of a checkpoint as "alice: partly, bob:
// fully", in voter order; name escapes each participant's name for the
// format at hand.
func (w *Workshop) compactVotes(v VotedCheckpoint, name func(string) string) string {
	parts := make([]string, 0, len(v.Votes))
	for _, p := range w.Voters {
		if a := v.VoteOf(p); a.Answered() {
			parts = append(parts, name(p)+": "+a.Label())
		}
	}
	return strings.Join(parts, ", ")
}

// csvVotes is the votes column of the CSV export: "alice=partly;
// bob=fully", answers spelled as in the answer column, one entry per
// participant (their last vote): the assessment's participants first, in
// their order, as the other reports list them, then anyone else in the
// order of their first vote.
func csvVotes(votes []assessment.Vote, participants []string) string {
	latest := workshop.Latest(votes)
	slices.SortStableFunc(latest, func(x, y assessment.Vote) int {
		return cmp.Compare(participantRank(participants, x.Participant), participantRank(participants, y.Participant))
	})
	parts := make([]string, 0, len(latest))
	for _, v := range latest {
		if v.Answer.Answered() {
			parts = append(parts, oneLine(v.Participant)+"="+string(v.Answer))
		}
	}
	return strings.Join(parts, "; ")
}

// participantRank is p's place among the assessment's participants, or
// after all of them when p is not listed.
func participantRank(participants []string, p string) int {
	if i := slices.Index(participants, p); i >= 0 {
		return i
	}
	return len(participants)
}

// csvDisputed is the disputed column of the CSV export: "yes" or "no" for
// a checkpoint with votes, empty without.
func csvDisputed(votes []assessment.Vote) string {
	s := workshop.Tally(votes)
	switch {
	case s.Votes == 0:
		return ""
	case s.Disagreement:
		return "yes"
	}
	return "no"
}

// htmlWorkshop is the Workshop section of the HTML page.
type htmlWorkshop struct {
	Voters, VoterCount, Voted, Intro string
	// Columns heads the vote columns: the voters, or one "Votes".
	Columns         []string
	Disputed, Votes []htmlVoteRow
}

type htmlVoteRow struct {
	Activity, Checkpoint, Agreed, Spread string
	// Votes holds a cell per column of htmlWorkshop.Columns.
	Votes               []string
	NotAgreed, Disputed bool
}

func (r *Report) htmlWorkshop() *htmlWorkshop {
	ws := r.Workshop
	if ws == nil {
		return nil
	}
	names := make([]string, 0, len(ws.Voters))
	for _, p := range ws.Voters {
		names = append(names, cmpOr(oneLine(p), Dash))
	}
	h := &htmlWorkshop{
		Voters: strings.Join(names, ", "), VoterCount: countOf(len(ws.Voters), "participant"), Voted: ws.votedSummary(), Intro: disputedIntro,
		Columns: []string{"Votes"},
	}
	if ws.Columns() {
		h.Columns = names
	}
	row := func(v VotedCheckpoint, text bool) htmlVoteRow {
		hr := htmlVoteRow{
			Activity: oneLine(v.ActivityID), Checkpoint: oneLine(v.CheckpointID),
			Agreed: agreedLabel(v.Agreed), Spread: v.Spread.String(),
			NotAgreed: !v.Agreed.Answered(), Disputed: v.Spread.Disagreement,
		}
		if text {
			hr.Activity = strings.TrimSpace(hr.Activity + " " + oneLine(v.ActivityTitle))
			hr.Checkpoint = strings.TrimSpace(hr.Checkpoint + " " + oneLine(v.Text))
		}
		if !ws.Columns() {
			hr.Votes = []string{cmpOr(ws.compactVotes(v, func(p string) string { return cmpOr(oneLine(p), Dash) }), Dash)}
			return hr
		}
		for _, p := range ws.Voters {
			hr.Votes = append(hr.Votes, voteLabel(v.VoteOf(p)))
		}
		return hr
	}
	for _, v := range ws.Disputed {
		h.Disputed = append(h.Disputed, row(v, true))
	}
	for _, v := range ws.Checkpoints {
		h.Votes = append(h.Votes, row(v, false))
	}
	return h
}

// textWorkshop lists the checkpoints for discussion, if any, for the
// terminal: each with its votes, the agreed answer and the spread.
func (r *Report) textWorkshop(b *bytes.Buffer) {
	ws := r.Workshop
	if ws == nil || len(ws.Disputed) == 0 {
		return
	}
	fmt.Fprintf(b, "\nFor discussion (%d of %s voted on)\n", len(ws.Disputed), countOf(len(ws.Checkpoints), "checkpoint"))
	for _, v := range ws.Disputed {
		agreed := "agreed " + v.Agreed.Label()
		if !v.Agreed.Answered() {
			agreed = "not agreed yet"
		}
		fmt.Fprintf(b, "  %s %s\n", oneLine(v.CheckpointID), truncate(oneLine(v.Text), 60))
		fmt.Fprintf(b, "    %s; %s\n", cmpOr(ws.compactVotes(v, func(p string) string { return cmpOr(oneLine(p), Dash) }), Dash), agreed)
		fmt.Fprintf(b, "    %s\n", v.Spread)
	}
}

// mdWorkshop writes the Workshop section: who voted, the checkpoints for
// discussion and every checkpoint's votes. Nothing without votes.
func (r *Report) mdWorkshop(w *mdWriter) {
	ws := r.Workshop
	if ws == nil {
		return
	}
	w.heading(2, "Workshop")
	names := make([]string, 0, len(ws.Voters))
	for _, p := range ws.Voters {
		names = append(names, mdCell(p))
	}
	w.line("- **Voted:** ", strings.Join(names, ", "), " (", countOf(len(ws.Voters), "participant"), ")")
	w.line("- **Checkpoints voted on:** ", ws.votedSummary())
	w.line("- **For discussion:** ", strconv.Itoa(len(ws.Disputed)))
	w.line()
	w.heading(3, "For discussion")
	if len(ws.Disputed) == 0 {
		w.line("No checkpoint shows strong disagreement.")
		w.line()
	} else {
		w.line(disputedIntro)
		w.line()
		header, align := ws.mdVoteHeader([]string{"Activity", "Checkpoint"}, "ll")
		rows := make([][]string, 0, len(ws.Disputed))
		for _, v := range ws.Disputed {
			row := []string{
				mdLabel(v.ActivityID, v.ActivityTitle), mdLabel(v.CheckpointID, v.Text),
			}
			row = append(ws.mdVoteCells(row, v), agreedLabel(v.Agreed), mdCell(v.Spread.String()))
			rows = append(rows, row)
		}
		w.table(append(header, "Agreed", "Spread"), align+"ll", rows)
	}
	w.heading(3, "Votes")
	if len(ws.Disputed) > 0 {
		w.line("⚠ marks a checkpoint listed for discussion.")
		w.line()
	}
	header, align := ws.mdVoteHeader([]string{"Checkpoint", "Agreed"}, "ll")
	rows := make([][]string, 0, len(ws.Checkpoints))
	for _, v := range ws.Checkpoints {
		id := mdCell(v.CheckpointID)
		if v.Spread.Disagreement {
			id += " ⚠"
		}
		rows = append(rows, ws.mdVoteCells([]string{id, agreedLabel(v.Agreed)}, v))
	}
	w.table(header, align, rows)
}

// disputedIntro says why a checkpoint is listed for discussion.
const disputedIntro = "The votes on these checkpoints are two or more steps apart, or split on whether the checkpoint applies at all."

// mdVoteHeader extends a votes table's header with a column per voter,
// or one Votes column when there are too many voters.
func (w *Workshop) mdVoteHeader(header []string, align string) ([]string, string) {
	if !w.Columns() {
		return append(header, "Votes"), align + "l"
	}
	for _, p := range w.Voters {
		header = append(header, mdCell(p))
		align += "l"
	}
	return header, align
}

// mdVoteCells appends a row's vote cells, to match mdVoteHeader.
func (w *Workshop) mdVoteCells(row []string, v VotedCheckpoint) []string {
	if !w.Columns() {
		return append(row, cmpOr(w.compactVotes(v, mdCell), Dash))
	}
	for _, p := range w.Voters {
		row = append(row, voteLabel(v.VoteOf(p)))
	}
	return row
}

// mdLabel is an ID followed by its text, such as a checkpoint's, escaped.
func mdLabel(id, text string) string {
	if t := MarkdownText(text); t != "" {
		return mdCell(id) + " " + t
	}
	return mdCell(id)
}

// countOf is "1 participant", "3 participants".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
