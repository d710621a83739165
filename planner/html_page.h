// The frame both HTML reports share (`fitplan plan --report`, planner/report_html.cc, and
// `fitplan rent --report`, planner/report_rent_html.cc): the page's head with its one stylesheet,
// table cells, the description list of the question asked. Self-contained by construction: no
// script, no link, no URL. Every string from the input is HTML-escaped here.
#ifndef FITPLAN_PLANNER_HTML_PAGE_H_
#define FITPLAN_PLANNER_HTML_PAGE_H_

#include <string>
#include <utility>
#include <vector>

#include "planner/core/job.h"
#include "planner/core/model_spec.h"

namespace fitplan {

// "<!DOCTYPE html>" through "<h1>title</h1>": the head holds the title and the stylesheet.
std::string HtmlPageStart(const std::string& title);

// A closing note and the closing tags.
std::string HtmlPageEnd();

// One table cell; `is_text` aligns it left (numbers align right).
std::string HtmlCell(const std::string& text, bool is_text = false);

// <dl class="workload"> of (term, description) pairs.
std::string HtmlDescriptionList(const std::vector<std::pair<std::string, std::string>>& rows);

// "llama-3.1-70b (70.55B parameters)".
std::string ModelDescription(const ModelSpec& model);

// "fine-tune, sequence length 4096, global batch 64 sequences, 200M training tokens".
std::string JobDescription(const Job& job);

// Bytes as GiB with one decimal: "79.2".
std::string GibText(double bytes);

}  // namespace fitplan

#endif  // FITPLAN_PLANNER_HTML_PAGE_H_
