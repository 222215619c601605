// Package questionnaires embeds the questionnaires ggi ships, and loads and
// strictly validates questionnaire files: the shipped YAML, a user's own
// YAML, and the handbook's machine-readable activity file.
package questionnaires
