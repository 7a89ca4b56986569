package main

// The vocabulary below is what the corpus is written with. The sentences are
// real ones so that a draft reads like prose: anchors then have words of
// different lengths, punctuation and a few non-ASCII characters (dashes,
// apostrophes, accents) to catch rune/byte mix-ups in anchoring.

var sentences = []string{
	"We wrote this page for people who are new to the product and want to get something done in their first hour.",
	"The short version is that most teams never read the long version.",
	"If you only change one thing this quarter, make it the onboarding email.",
	"Our support queue doubled in March, and almost every ticket asked the same question.",
	"A good headline promises one thing and the first paragraph keeps that promise.",
	"Nobody reads a wall of text on a phone, so we broke the guide into steps.",
	"The pricing page is the most visited page after the home page, and the least loved.",
	"We tested three versions of the call to action and the plainest one won.",
	"Customers told us the old dashboard made them feel slow, not the data.",
	"Release notes are a promise to the people who depend on us.",
	"Every change that breaks a workflow needs a sentence that says what to do instead.",
	"The migration took six weeks instead of two because nobody owned the runbook.",
	"Keep sentences short when the reader is in a hurry and longer when they are learning.",
	"Screenshots age faster than text, so we link to the live page wherever we can.",
	"Our style guide says to write numbers as digits, except at the start of a sentence.",
	"Legal asked us to keep the word “guarantee” out of every customer-facing page.",
	"The team in Lisbon reviews everything that mentions payments before it goes out.",
	"We publish on Tuesdays because that is when our readers open the newsletter.",
	"A draft that waits more than three days for review is usually a draft that nobody owns.",
	"The first version of this article was twice as long and half as useful.",
	"Search traffic for “export to CSV” grew every month last year.",
	"When the API returns an error, the message should say what to try next.",
	"Most readers land on this page from a search engine, not from our navigation.",
	"We replaced the word “simply” everywhere; nothing about setup is simple for a newcomer.",
	"The tutorial assumes you have an account and the command-line tool installed.",
	"Each section ends with a link to the next step, so nobody hits a dead end.",
	"Our editors meet for fifteen minutes on Monday to agree on the week’s priorities.",
	"The case study came from a customer who cut their reporting time from days to hours.",
	"If a comment is still open after a week, it goes on the agenda for the Thursday call.",
	"We moved the FAQ to the bottom of the page and the bounce rate went down.",
	"Translators need the final text a week before launch, not the night before.",
	"The accessibility audit found that half of our images had no alternative text.",
	"Headings should describe what the section does, not be clever about it.",
	"A changelog entry names the change, who it affects, and when it takes effect.",
	"We keep a list of words we avoid, and it is shorter than you would think.",
	"The café owners in our case study had never used scheduling software before.",
	"It took us three tries to explain rate limits without sounding defensive.",
	"Good examples beat long explanations every time we have measured it.",
	"The onboarding checklist now has five items instead of twelve.",
	"Readers trust a page more when it shows the date it was last reviewed.",
	"We asked ten customers to read the draft aloud and marked where they stumbled.",
	"The new navigation groups guides by task rather than by product area.",
	"Every claim about performance links to the benchmark that supports it.",
	"Our mobile readers spend about forty seconds on a page, so the answer comes first.",
	"The glossary is the most linked page in the help centre, which surprised everyone.",
	"Writers own their drafts from the first outline until the page is published.",
	"A reviewer who approves a draft is approving that exact text, not the idea of it.",
	"We archive pages that have not been updated in two years, after checking the traffic.",
	"The security team asked for a plain-language summary at the top of every advisory.",
	"Product managers write the first draft of release notes; editors make them readable.",
	"The holiday schedule means the next release goes out on the fourteenth.",
	"We learned more from one afternoon of user interviews than from a month of analytics.",
	"Use the active voice unless the actor truly does not matter.",
	"This guide walks through the setup on macOS, Windows and Linux.",
	"The team in Montréal translated the entire help centre in one quarter.",
	"Error messages are part of the documentation, and we review them the same way.",
	"A table is better than a paragraph when the reader needs to compare options.",
	"Our newsletter has thirty thousand subscribers and an open rate above forty percent.",
	"The best feedback we got was a customer saying the page answered her question before she asked it.",
	"We stopped writing “click here” and started naming where the link goes.",
	"Deadlines slip when the review request goes to a group instead of a person.",
	"The launch post went through four rounds of review and got shorter each time.",
	"An approval counts only for the version that was reviewed — any later edit needs a new look.",
	"We kept the old URL working with a redirect so that existing links do not break.",
	"The interview was edited for length and clarity, and the customer approved the final text.",
	"Numbers in this report are rounded to the nearest whole percent.",
	"We want every page to be useful to someone who arrives from a search with no context.",
	"The sales team asked for a one-page summary they can send after a demo.",
	"Half of the support articles were written before the redesign and show the old menus.",
	"If you are upgrading from version two, read the migration section first.",
	"Our writers work in four time zones, so reviews happen asynchronously by default.",
	"The design review moved to Wednesdays so that the writers can attend.",
	"A single sentence at the top of the page tells readers whether they are in the right place.",
	"We measure a guide by how many readers finish the task, not by page views.",
	"The old terms of service were eleven thousand words long.",
	"Each tutorial was tested by someone who had not used the product before.",
	"Internal jargon crept into the docs, so we added a check for it in review.",
	"The community forum answers most questions faster than our support team can.",
	"We write dates as day, month and year to avoid confusing readers in other countries.",
	"The research team shared early results, with the caveat that the sample is small.",
	"Our partners can reuse this content under the same licence as the rest of the site.",
	"The webinar recording is available for thirty days after the event.",
	"We rewrote the introduction after three reviewers asked who the audience was.",
	"Content that is never reviewed drifts out of date quietly.",
	"The handbook explains how we hire, how we pay and how we work together.",
	"Every new hire reads this page on their first day.",
	"A blocked draft should say what it is waiting for and who can unblock it.",
	"The release was delayed by a week to give the documentation time to catch up.",
	"We stopped sending the monthly digest when the open rate fell below ten percent.",
	"This post explains the decision, the alternatives we considered and what happens next.",
	"Reviewers leave comments on the exact words they are about, so nothing gets lost.",
	"The first draft of the policy was written by the people who would follow it.",
	"Readers in Japan and Brazil make up a fifth of our traffic.",
	"We added a short video to the setup guide and support tickets about setup fell by a third.",
	"The editorial calendar lives in the repository next to the drafts.",
	"Nothing goes out on Friday afternoon unless it fixes something broken.",
	"The event brought together two hundred writers, editors and designers for two days.",
	"Speakers were asked to send their slides a week in advance.",
	"We will publish the recordings and a written summary of every talk.",
	"The naïve approach worked until the catalogue passed ten thousand items.",
	"A page bundle keeps the images next to the text that uses them.",
	"We checked every link in the help centre and fixed four hundred broken ones.",
	"The team agreed that a comment without a suggestion is still a useful comment.",
	"The survey closed with just over a thousand responses.",
	"Customers in regulated industries asked for an audit trail of every approval.",
	"The free plan now includes three collaborators instead of one.",
	"We removed the modal dialog that asked new readers to subscribe before reading.",
	"Plain language is not dumbing down; it is respecting the reader’s time.",
}

// listItems are short lines used for bullet lists inside drafts.
var listItems = []string{
	"Write the summary first.",
	"Name one owner for every draft.",
	"Ask for review from a person, not a channel.",
	"Set a due date on every review request.",
	"Link to the source of every number.",
	"Read the page aloud before publishing.",
	"Check the page on a phone.",
	"Remove anything the reader does not need today.",
	"Keep the old URL working.",
	"Tell support before the launch, not after.",
	"Update the screenshots last.",
	"Record the decision and who made it.",
}

var headings = []string{
	"What changed", "Why it matters", "Before you start", "How it works",
	"What we learned", "Next steps", "Who this is for", "Known limitations",
	"Frequently asked questions", "Background", "The results", "How to get help",
}

var topics = []string{
	"onboarding new writers", "quarterly release notes", "pricing pages", "the help centre",
	"error messages", "the style guide", "search traffic", "customer interviews",
	"the newsletter", "accessibility", "the editorial calendar", "translation",
	"the mobile app", "API rate limits", "data exports", "the changelog",
	"team handbooks", "security advisories", "case studies", "product launches",
	"the glossary", "review deadlines", "page redirects", "the community forum",
	"user research", "the design system", "support tickets", "the free plan",
	"audit trails", "team calendars", "webinars", "the partner programme",
	"invoices", "two-factor sign-in", "dark mode", "offline editing",
	"single sign-on", "billing emails", "the status page", "our first conference",
}

var titlePatterns = []string{
	"How we rewrote %s",
	"A practical guide to %s",
	"Why %s matter more than you think",
	"What we learned from %s",
	"Notes on %s",
	"The case for simpler %s",
	"Getting started with %s",
	"Five mistakes we made with %s",
	"A year of %s",
	"Rethinking %s",
	"Everything you need to know about %s",
	"What’s new in %s",
}

var tags = []string{
	"launch", "guide", "policy", "release", "research", "tutorial", "team",
	"writing", "support", "design", "security", "billing", "api", "mobile",
	"accessibility", "events", "news", "customers", "localisation", "performance",
}

// sections and subsections make the ~100 nested content folders.
var sections = []string{
	"blog", "docs", "guides", "news", "case-studies",
	"releases", "handbook", "help", "research", "events",
}

var subsections = []string{
	"getting-started", "billing", "accounts", "integrations", "writing",
	"security", "mobile", "api", "teams", "announcements",
}

type person struct {
	Name  string
	Email string
}

var people = []person{
	{"Ada Lovelace", "ada@example.com"},
	{"Maya Okafor", "maya.okafor@example.com"},
	{"Jonas Berg", "jonas.berg@example.com"},
	{"Inès Duval", "ines.duval@example.com"},
	{"Kenji Watanabe", "kenji.watanabe@example.com"},
	{"Priya Raman", "priya.raman@example.com"},
	{"Tomás Ortega", "tomas.ortega@example.com"},
	{"Sofia Lindqvist", "sofia.lindqvist@example.com"},
	{"Daniel Mensah", "daniel.mensah@example.com"},
	{"Hannah Kowalski", "hannah.kowalski@example.com"},
	{"Omar Haddad", "omar.haddad@example.com"},
	{"Lucía Fernández", "lucia.fernandez@example.com"},
	{"Ben Carter", "ben.carter@example.com"},
	{"Aiko Tanaka", "aiko.tanaka@example.com"},
	{"Ruth Abebe", "ruth.abebe@example.com"},
	{"Marek Novak", "marek.novak@example.com"},
	{"Chloé Martin", "chloe.martin@example.com"},
	{"Samuel Osei", "samuel.osei@example.com"},
	{"Elena Petrova", "elena.petrova@example.com"},
	{"Liam O’Connor", "liam.oconnor@example.com"},
}

var commentBodies = []string{
	"Can we say who the audience is in the first line?",
	"This sentence is doing two jobs; could we split it?",
	"Is this number still current? Please link the source.",
	"I would cut this paragraph — the next one says the same thing better.",
	"Legal will want to see this wording before it goes out.",
	"Could we give an example here?",
	"This reads as a promise. Are we sure we can keep it?",
	"Nit: we write “sign in”, not “login”, as a verb.",
	"The heading does not match what the section does.",
	"Readers on mobile will not see the table; can we summarise it above?",
	"This is the most important point on the page. Move it up?",
	"I am not sure a newcomer knows this term. Define it or link the glossary?",
	"Too long for the first paragraph; the answer should come first.",
	"Support gets asked about this every week — great to have it written down.",
	"Do we need the date here? It will age quickly.",
	"Can we check this with the product team before publishing?",
	"This link goes to the old docs.",
	"Great framing. One small tweak: say what happens next.",
	"Please avoid “simply” here; setup is not simple for everyone.",
	"Should this be a list? There are four separate steps in one sentence.",
}

var replyBodies = []string{
	"Good point — rewritten.",
	"Done, thanks.",
	"I would keep it; legal asked for this exact wording.",
	"Checked with product, the number is right as of this week.",
	"Fair. I moved it to the top.",
	"Added an example from the Lisbon case study.",
	"Not sure I agree, but let’s talk it through on Thursday.",
	"Linked the glossary entry.",
	"Split into two sentences.",
	"Cut it. The page is better without it.",
	"Updated the link.",
	"Turned it into a list of four steps.",
}

var resolveBodies = []string{
	"Fixed in the latest save.",
	"Resolved after the Thursday call.",
	"Agreed to leave it as is.",
	"",
	"",
}

var approveBodies = []string{
	"Looks good to me.",
	"Ship it.",
	"Approved once the link is fixed — it is.",
	"",
	"",
	"",
}

var changesBodies = []string{
	"The introduction needs another pass before this can go out.",
	"Please get legal sign-off on the pricing section first.",
	"The numbers need sources before I can approve.",
}
