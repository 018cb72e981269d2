"""The story audit: each lesson's claims as checks with thresholds, on the cases a student can reach.

A claim is what a page tells the student (its note, its preset's name, its question's answer), and
its figure is measured on what the page draws, through the same lesson functions: the default case,
every preset, every step of the main slider. `holds` is None where a claim needs a truth the data has
not got (an imported log). `python -m seqviz audit` prints the table; the README lists every claim.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .data import Dataset
from .history import TIME_BUCKET_EDGES
from .lessons import din, hashing, home, lab, lastn, sim, timebuckets, towers
from .lessons.common import (
    Case,
    default_case,
    item_category_name,
    model_label,
    representative_item,
    user_history,
    world_now,
)
from .lessons.window import search_window
from .metrics import auc_uncertainty, oracle_interval, time_effect_truth_pearson
from .models import ModelConfig, SequenceModel
from .results import Result
from .text import t
from .world import DAY, World

# DIN: a matching event outweighs an unrelated one by this factor in mean weight, at every N
DIN_RATIO = din.CONTRAST
# Time buckets: the learned effect follows the truth's values over the buckets holding this many events
TIME_PEARSON = 0.7
# LastN's long-memory preset: the window of N_CAP events covers at most this share of the history
LONG_MEMORY_SHARE = 0.25
LASTN_DEFAULT, LASTN_MIX_MOVE = 20, 0.3  # the page's default N; how far the mix must move by the end
NEW_USER_EVENTS = 50  # a new user has fewer events than DIN reads
LAST_WINTER_DAYS = (300.0, 430.0)  # the ages, in days, of last winter's shopping as the world makes it
TOWERS_M = (1, 10, 100, 1000, 5000)
SEARCHES = ("hard", "soft", "twin")
SIM_K_TOP = 500  # SIM's K slider reaches at least this far, or the whole history
SDIM_AUC_MARGIN = 0.01  # SDIM's test AUC may sit this far below hard search's, no further
SDIM_KERNEL_GAP = 0.05  # the measured collision rate stays this close to (1 - θ/π)^τ in every judged bin

# (model, extra) for a config; extra holds the saved test metrics
Trained = Callable[[ModelConfig], tuple[SequenceModel, dict]]


@dataclass(frozen=True)
class Claim:
    lesson: str
    case: str
    claim: str
    figure: float | None
    threshold: str
    holds: bool | None

    def __post_init__(self):  # plain JSON values, whatever numpy handed over
        if self.figure is not None:
            object.__setattr__(self, "figure", round(float(self.figure), 4))
        if self.holds is not None:
            object.__setattr__(self, "holds", bool(self.holds))


def _judged(figure: float | None, holds: bool, has_truth: bool = True) -> tuple[float | None, bool | None]:
    if not has_truth or figure is None or (isinstance(figure, float) and math.isnan(figure)):
        return figure if figure is None or not math.isnan(figure) else None, None
    return float(figure), bool(holds)


# --- LastN --------------------------------------------------------------------------------------

def lastn_claims(world: World) -> list[Claim]:
    demo, rows = world.demo_users(), []
    now = world_now(world)
    if "mia" in demo:
        history = user_history(world, demo["mia"], now)
        window = history.iloc[:20]["category"]
        coats = history["category"] == "coat"
        beyond = float(coats.iloc[20:].sum() / max(coats.sum(), 1))
        rows.append(Claim("lastn", "preset 🧥☕ coat vs cup (mia, N = 20)",
                          "the window is mostly this month's cups; her coats lie beyond it (share of her "
                          "coats beyond the window)", beyond, "≥ 0.9, cups the window's most frequent",
                          beyond >= 0.9 and window.value_counts().index[0] == "cup"))
        top = min(lastn.N_CAP, len(history))  # the slider's end
        mixes = [history.iloc[:n]["category"].value_counts(normalize=True) for n in (LASTN_DEFAULT, top)]
        moved = float(mixes[0].sub(mixes[1], fill_value=0).abs().sum() / 2)
        rows.append(Claim("lastn", f"default (mia), N = {LASTN_DEFAULT} against all {top}",
                          "the window's mix changes as N grows: recency is not importance (total variation "
                          "between the two mixes)", moved, f"≥ {LASTN_MIX_MOVE}", moved >= LASTN_MIX_MOVE))
    if "leo" in demo:
        events = len(user_history(world, demo["leo"], now))
        share = min(lastn.N_CAP, events) / events
        rows.append(Claim("lastn", f"preset 🐘 long memory (leo, N = {lastn.N_CAP})",
                          "even the slider's end covers a small share of a long history (share of events)",
                          share, f"≤ {LONG_MEMORY_SHARE:.2f}", share <= LONG_MEMORY_SHARE))
    if "ana" in demo:
        events = len(user_history(world, demo["ana"], now))
        rows.append(Claim("lastn", "preset 🌱 new user (ana, N = 10)",
                          "a new user has fewer events than DIN reads (events)",
                          events, f"< {NEW_USER_EVENTS}", events < NEW_USER_EVENTS))
    return rows


# --- DIN ----------------------------------------------------------------------------------------

def din_contrasts(dataset: Dataset, model: SequenceModel, user: int, ad: int, steps) -> dict[int, float]:
    """The readout's contrast (`din.contrast`) at each N of `steps` (the slider's) where the window holds
    both kinds, each N read on its own (the picture reads them all in one pass)."""
    category = item_category_name(dataset.world, ad)
    found = {}
    for n in steps:
        events = din.read_at(dataset, model, user, ad, n).events
        ratio = din.contrast(events, events["weight"].to_numpy(), category)
        if ratio is not None:
            found[n] = ratio
    return found


def din_claims(dataset: Dataset, trained: Trained, case: Case) -> list[Claim]:
    world, rows = dataset.world, []
    model, average = trained(ModelConfig("din"))[0], trained(ModelConfig("avg"))[0]
    events = len(user_history(world, case.user))
    ads = [(case.ad_category, case.ad)]
    if "cup" in set(world.items["category"]) and case.ad_category != "cup":
        ads.append(("cup", representative_item(world, "cup")))
    pictures = {ad: din.main_picture(dataset, model, average, case.user, ad, "en") for _, ad in ads}
    steps = pictures[case.ad].steps
    rows.append(Claim("din", f"slider N ({case.name})", "N spans at least 5 to 200 events (largest N)",
                      steps[-1], "≥ 200 (or the whole history)",
                      steps[0] <= 5 and steps[-1] >= min(200, events)))
    for category, ad in ads:
        picture = pictures[ad]
        ratios = din_contrasts(dataset, model, case.user, ad, picture.steps)
        weak = {n: r for n, r in ratios.items() if r < DIN_RATIO}
        said = all(din.contrast_words(r, category, n, "en") in picture.readouts[picture.steps.index(n)]
                   for n, r in weak.items())
        lowest = min(ratios, key=ratios.get) if ratios else None
        rows.append(Claim("din", f"default ({case.name}, {category} ad), every N",
                          f"{category} events outweigh unrelated ones ≥ {DIN_RATIO:g}× in mean weight, or "
                          f"the readout says how much less (smallest ratio, at N = {lowest}; "
                          f"{len(weak)} of {len(ratios)} N below)", ratios.get(lowest),
                          f"≥ {DIN_RATIO:g} or said", bool(ratios) and said))
        at_trained = ratios.get(min(model.lastn, max(ratios, default=0)))
        rows.append(Claim("din", f"default ({case.name}, {category} ad), N = {model.lastn}",
                          f"at the N DIN was trained at, {category} events outweigh unrelated ones (ratio)",
                          at_trained, f"≥ {DIN_RATIO:g}", at_trained is not None and at_trained >= DIN_RATIO))
        key, _ = din.main_notice(dataset, model, case.user, ad, "en")
        weak = at_trained is not None and at_trained < DIN_RATIO and world.has_truth
        rows.append(Claim("din", f"default ({case.name}, {category} ad), the note",
                          "the note tells the story only where it holds, else says it does not, with the "
                          "figure (ratio at the trained N)", at_trained, f"story if ≥ {DIN_RATIO:g}",
                          (key == "din.main.weak") == weak))
    question = pictures[case.ad].question
    if question is not None:
        rows.append(Claim("din", f"default ({case.name}, {case.ad_category} ad), N = {din.ASKED_N}",
                          "the question's answer is the ad's own category", None, case.ad_category,
                          question.answer == case.ad_category))
    demo = world.demo_users()
    nearer = [("🪟 coats and cups in one window", "eva")] if "eva" in demo else []
    for preset, name in nearer:
        coat = representative_item(world, "coat")
        reading = din.read_at(dataset, model, demo[name], coat, din.ASKED_N)
        avg = din.read_at(dataset, average, demo[name], coat, din.ASKED_N)
        truth = reading.true_probability
        window = reading.events["category"]
        both = int(min((window == "coat").sum(), (window == "cup").sum()))
        rows.append(Claim("din", f"preset {preset} ({name}, coat ad, N = 50)",
                          "the window holds coats and cups (the fewer of the two)", both, "≥ 3", both >= 3))
        if truth is not None:
            gap = abs(avg.probability[0] - truth[0]) - abs(reading.probability[0] - truth[0])
            picture = (pictures[coat] if demo[name] == case.user and coat in pictures
                       else din.main_picture(dataset, model, average, demo[name], coat, "en"))
            said = t("din.readout.avg_nearer", "en") in picture.readouts[picture.steps.index(din.ASKED_N)]
            rows.append(Claim("din", f"preset {preset} ({name}, coat ad, N = 50)",
                              "DIN's probability is nearer the truth than AvgPool's, or the readout says "
                              "AvgPool is nearer (AvgPool's error − DIN's)", float(gap), "> 0 or said",
                              gap > 0 or said))
    if "mia" in demo:
        history = user_history(world, demo["mia"])
        inside = int((history.iloc[:din.ASKED_N]["category"] == "coat").sum())
        outside = int((history.iloc[din.ASKED_N:]["category"] == "coat").sum())
        rows.append(Claim("din", "preset 🔭 coats beyond the window (mia, coat ad, N = 50)",
                          "her coats lie beyond DIN's window (coats inside it; outside: "
                          f"{outside})", inside, "≤ 2 with ≥ 10 outside", inside <= 2 and outside >= 10))
    if "ana" in demo:
        events = len(user_history(world, demo["ana"]))
        rows.append(Claim("din", "preset 🌱 new user (ana, cup ad, N = 20)",
                          "a new user's window is her whole history (events)", events,
                          f"< {NEW_USER_EVENTS}", events < NEW_USER_EVENTS))
    return rows


# --- Towers -------------------------------------------------------------------------------------

def towers_claims(trained: Trained) -> list[Claim]:
    model = trained(ModelConfig("din"))[0]
    cost, dim = towers.pair_cost(model), model.item_emb.embedding_dim
    ratios = []
    for m in TOWERS_M:
        counts = towers.operation_counts(m, [din.ASKED_N], cost, dim).set_index("method")["ops"]
        ratios.append(float(counts["attention"] / counts["average"]))
    growing = all(b > a for a, b in zip(ratios, ratios[1:], strict=False))
    return [Claim("towers", f"M = {TOWERS_M[0]} … {TOWERS_M[-1]}, N = {din.ASKED_N}",
                  "attention costs more than averaging at every M, and more so as M grows (smallest ratio)",
                  min(ratios), "> 1 and growing", min(ratios) > 1 and growing)]


# --- SIM ----------------------------------------------------------------------------------------

def sim_claims(dataset: Dataset, trained: Trained) -> list[Claim]:
    world, rows = dataset.world, []
    demo = world.demo_users()
    if "mia" not in demo or "coat" not in set(world.items["category"]):
        return rows
    coat = representative_item(world, "coat")
    category = int(world.item_category()[coat])
    now = world_now(world)
    for search in SEARCHES:
        model = trained(ModelConfig(f"sim-{search}"))[0]
        for name in ("mia", "leo") if search == "hard" else ("mia",):
            if name not in demo:
                continue
            user = demo[name]
            window = search_window(world, user, now, len(world.user_events(user)))
            case = f"{name}, coat ad, {search} search"
            curve = sim.closeness_curve(model, window, coat, category, [model.k], search,
                                        sim.window_relevance(world, window, coat)).iloc[0]
            ages = (now - window.events["timestamp"].to_numpy()) / DAY
            din_reach = float(np.sort(ages)[min(sim.DIN_LASTN, len(ages)) - 1])
            oldest = float(ages[curve["kept"]].max()) if len(curve["kept"]) else 0.0
            rows.append(Claim("sim", f"{case}, K = {model.k}",
                              f"the search reaches beyond DIN's window (oldest kept, days; DIN reads "
                              f"{din_reach:.0f})", oldest, "> DIN's reach", oldest > din_reach))
            if name == "mia" and search == "hard":
                winter = int(((ages[curve["kept"]] >= LAST_WINTER_DAYS[0])
                              & (ages[curve["kept"]] <= LAST_WINTER_DAYS[1])).sum())
                rows.append(Claim("sim", f"preset ❄️ last winter's coats ({case}, K = {model.k})",
                                  "the search keeps last winter's coats (kept events 300–430 days old)",
                                  winter, "≥ 5", winter >= 5))
            if name != "mia":
                continue
            picture = sim.main_picture(dataset, model, user, coat, len(window), "en")
            curve = sim.closeness_curve(model, window, coat, category, picture.steps, search,
                                        sim.window_relevance(world, window, coat)).set_index("k")
            reference = "cosine_truth" if curve["cosine_truth"].notna().any() else "cosine_model"
            question = picture.question
            reached = curve.index[curve[reference].to_numpy() >= sim.ENOUGH]
            smallest = int(reached.min()) if len(reached) else None
            rows.append(Claim("sim", case, f"the question's K is the smallest K whose closeness reaches "
                              f"{sim.ENOUGH}", None if question is None else question.answer,
                              f"= {smallest}", question is not None and question.answer == smallest))
            honest = all(len(row.kept) <= k and (np.isnan(row.recall) or round(row.recall * row.wanted)
                                                 <= min(len(row.kept), row.wanted))
                         for k, row in curve.iterrows())
            rows.append(Claim("sim", f"{case}, every K", "kept ≤ K, and found ≤ the events kept and ≤ "
                              "the most relevant wanted (Ks checked)", len(curve), "every K", honest))
            if search == "hard":
                top = min(SIM_K_TOP, len(window))
                rows.append(Claim("sim", f"slider K ({name}, {len(window)} events)", f"K runs from 1 to at "
                                  f"least {SIM_K_TOP} or the whole history (largest K)", picture.steps[-1],
                                  f"≥ {top}", picture.steps[0] == 1 and picture.steps[-1] >= top))
    return rows


# --- SIM: search by hashing (SDIM) ----------------------------------------------------------------

def hashing_claims(dataset: Dataset, trained: Trained) -> list[Claim]:
    """The SIM page's SDIM section on the page's cases (mia and leo with the coat ad: its default and its
    presets): the readout's two shares, the question's answer, the sharper kernel's ratio; and the
    shipped model's AUC and kernel fit."""
    world, rows = dataset.world, []
    try:
        sdim, metrics = trained(ModelConfig("sim-sdim"))
    except FileNotFoundError:  # a world folder whose weights predate SDIM
        return rows
    metrics = metrics.get("metrics", {})
    hard_auc = trained(ModelConfig("sim-hard"))[1].get("metrics", {}).get("auc")
    if metrics.get("auc") is not None and hard_auc is not None:
        margin = metrics["auc"] - hard_auc
        rows.append(Claim("sim", "SDIM, test week", "SDIM's AUC against SIM hard search's (difference)",
                          margin, f"≥ −{SDIM_AUC_MARGIN}", margin >= -SDIM_AUC_MARGIN))
    if metrics.get("kernel_fit_max_gap") is not None:
        gap = metrics["kernel_fit_max_gap"]
        rows.append(Claim("sim", "SDIM, test sample's pairs", "collision rate against (1 − θ/π)^τ, largest "
                          "gap over 10° bins of ≥ 100 pairs", gap, f"≤ {SDIM_KERNEL_GAP}",
                          gap <= SDIM_KERNEL_GAP))
    demo = world.demo_users()
    if "coat" not in set(world.items["category"]):
        return rows
    coat = representative_item(world, "coat")
    bits, more = sdim.hash.bits, min(sdim.hash.bits + hashing.MORE_BITS, hashing.MAX_BITS)
    for name in ("mia", "leo"):
        if name not in demo:
            continue
        user = demo[name]
        window = search_window(world, user, world_now(world), len(world.user_events(user)))
        items = window.events["item_id"].to_numpy()
        is_coat = (window.events["category"].astype(str) == "coat").to_numpy()
        if not is_coat.any() or is_coat.all():
            continue
        share = {b: hashing.shares(sdim, items, coat, b) for b in (bits, more)}
        coats = {b: float(share[b][is_coat].mean()) for b in (bits, more)}
        rest = {b: float(share[b][~is_coat].mean()) for b in (bits, more)}
        case = f"{name}, coat ad, τ = {bits}"
        rows.append(Claim("sim", case, "a coat event shares the ad's bucket in more hash functions than any "
                          "other event (the readout's two shares: coats' minus the rest's)",
                          coats[bits] - rest[bits], "> 0", coats[bits] > rest[bits]))
        if rest[bits] > 0:  # the question's why: the rest fall faster
            kept = coats[more] / coats[bits] - rest[more] / rest[bits]
            rows.append(Claim("sim", f"{name}, coat ad, τ = {bits} → {more}", "more bits: the coats keep a "
                              "larger part of their share than the rest keep of theirs (difference)", kept,
                              "> 0", kept > 0))
        picture = hashing.kernel_picture(dataset, sdim, user, coat, len(window), "en")
        said = picture.question.answer if picture.question is not None else None
        fell = share[more][is_coat].mean() < share[bits][is_coat].mean() - hashing.CHANGE
        rows.append(Claim("sim", case, "the question's answer is what the picture shows at τ + 8 (1: fewer)",
                          float(said == "fewer"), "= 1" if fell else "= 0", (said == "fewer") == fell))
    return rows


# --- Time buckets ---------------------------------------------------------------------------------

def time_bucket_claims(dataset: Dataset, trained: Trained) -> list[Claim]:
    world, rows = dataset.world, []
    (with_time, with_extra), (without_time, without_extra) = (trained(cfg) for cfg in
                                                              timebuckets.TIME_BUCKETS_CONFIGS)
    has_truth = world.has_truth
    for category in ("coat", "cup"):
        if category not in set(world.items["category"]):
            continue
        item = representative_item(world, category)
        picture = timebuckets.main_picture(dataset, with_time, without_time, item, "en")

        def at(days: float, item=item) -> float:  # the step the picture draws at that age
            bucket = int(np.searchsorted(TIME_BUCKET_EDGES / DAY, days, side="right"))
            return float(timebuckets.event_weights(with_time, item, item, np.array([bucket]))[0])

        ages = timebuckets.ASKED_AGES
        learned = np.array([at(days) for days in ages.values()])
        now = world_now(world)
        truth = (world.truth.relevance(item, now, np.full(3, item), now - np.array(list(ages.values())) * DAY)
                 if has_truth else None)
        same = truth is not None and list(np.argsort(-learned)) == list(np.argsort(-truth))
        words = " · ".join(f"{k} {v:.2f}" for k, v in zip(ages, learned, strict=True))
        rows.append(Claim("time_buckets", f"default ({category} ad), the picture's steps",
                          f"a {category} a week, a month and a year old weigh in the truth's order "
                          f"(learned: {words})", None, "year > week > month" if truth is not None else "",
                          same if truth is not None else None))
        bucket = int(np.searchsorted(TIME_BUCKET_EDGES / DAY, 365.0, side="right"))
        lo, hi = TIME_BUCKET_EDGES[bucket - 1] / DAY, TIME_BUCKET_EDGES[bucket] / DAY
        year, before, after = at(365.0), at(lo * 0.99), at(hi * 1.01)
        margin = year - max(before, after)
        figure, holds = _judged(margin, margin > 0, has_truth)
        rows.append(Claim("time_buckets", f"default ({category} ad), the picture's steps",
                          f"the bucket holding 365 days ({lo:.0f}–{hi:.0f}) stands above both neighbours "
                          "(its weight minus the larger neighbour's)", figure, "> 0", holds))
        if category == "coat" and "mia" in world.demo_users():
            gap = at(365.0) - at(30.0)
            figure, holds = _judged(gap, gap > 0, has_truth)
            rows.append(Claim("time_buckets", "preset ⏳ time matters (mia, coat ad, 1 year)",
                              "a year-old coat weighs more than a month-old one (the difference)", figure,
                              "> 0", holds))
        ends = picture.steps[0] / 24, picture.steps[-1] / 24
        rows.append(Claim("time_buckets", f"slider age ({category} ad)", "the age spans 1 day to 2 years "
                          "(oldest age, days)", ends[1], "≥ 1 day and ≥ 2 years (or the oldest event)",
                          ends[0] <= 1 and ends[1] >= min(730 * 0.99, oldest_days(world) * 0.99)))
    effect = timebuckets.learned_bucket_effect(with_time, dataset)
    pearson = time_effect_truth_pearson(effect)
    figure, holds = _judged(pearson, pearson is not None and pearson >= TIME_PEARSON, has_truth)
    rows.append(Claim("time_buckets", "the test week's selected events",
                      "the learned bucket effect follows the truth's values (Pearson over buckets with ≥ 50 "
                      "events)", figure, f"≥ {TIME_PEARSON}", holds))
    auc_with, auc_without = (extra.get("metrics", {}).get("auc") for extra in (with_extra, without_extra))
    if auc_with is not None and auc_without is not None:
        rows.append(Claim("time_buckets", "test week", "SIM with time buckets beats SIM without (AUC gap)",
                          auc_with - auc_without, "> 0", auc_with > auc_without))
    return rows


def oldest_days(world: World) -> float:
    return float((world_now(world) - world.events["timestamp"].min()) / DAY)


# --- Home and the Lab ------------------------------------------------------------------------------

def home_claims(dataset: Dataset, trained: Trained) -> list[Claim]:
    question = home.click_question(dataset, *(trained(cfg)[0] for cfg in home.ASKED_MODELS))
    if question is None:
        return []
    truth = question.answer
    (_, average), (_, din_p), (_, sim_p) = question.beside
    error = abs(sim_p - truth) - min(abs(average - truth), abs(din_p - truth))
    return [Claim("home", "mia, coat ad", "SIM, which reaches last winter, predicts nearest the truth "
                  "(its error − the best LastN model's, points)", float(error), "< 0", error < 0)]


def lab_claims(dataset: Dataset, trained: Trained) -> list[Claim]:
    preset = lab.PRESETS["lab.preset.conclusion"]
    if not all("metrics" in trained(cfg)[1] for cfg in lab.CONCLUSION_CONFIGS):
        return []  # an imported log before the Lab has trained the conclusion's models
    oracle = oracle_interval(dataset)
    results = {cfg: Result.shipped(cfg, trained(cfg)[1], auc_uncertainty(trained(cfg)[0], dataset), oracle)
               for cfg in lab.CONCLUSION_CONFIGS}
    # LastN models by (model, N); SIM has no N, and the preset draws it with and without time: keyed by
    # (model, None) the two overwrote each other, and which one was audited followed the set's order
    by = {(r.model, r.n): r for r in results.values() if r.n is not None}
    ties = lab.tie_notes(list(results.values()), "en")
    rows = [_ordered(f"conclusion preset, N = {n}", "DIN above AvgPool", by[("avg", n)], by[("din", n)], ties)
            for n in preset["ns"]]
    best = max((r for (model, _), r in by.items() if model == "din"), key=lambda r: r.auc)
    searches = sorted((r for r in results.values() if r.n is None), key=lambda r: not r.config.time)
    rows += [_ordered("conclusion preset", f"{model_label(r.config, 'en')} above the best DIN (N = {best.n})",
                      best, r, ties) for r in searches]
    return rows


def _ordered(case: str, claim: str, low: Result, high: Result, ties: list[str]) -> Claim:
    """Where the intervals are apart the page claims the order; where they overlap it says the test week
    cannot tell the two apart (a tie note naming both), and that is the claim checked."""
    if not lab.overlap(low, high):
        return Claim("lab", case, f"{claim}, the 95 % intervals apart (AUC gap)", high.auc - low.auc, "> 0",
                     high.auc > low.auc)
    labels = model_label(low.config, "en"), model_label(high.config, "en")
    named = any(all(label in note for label in labels) for note in ties)
    return Claim("lab", case, f"{claim}: the intervals overlap, and the page says it cannot tell them apart "
                 "(AUC gap)", high.auc - low.auc, "a tie note", named)


# --- the audit ------------------------------------------------------------------------------------

def audit(dataset: Dataset, trained: Trained) -> list[Claim]:
    """Every lesson's claims on `dataset`, with the models `trained` gives (the shipped recipe's)."""
    torch.manual_seed(0)
    case = default_case(dataset.world)
    return [*home_claims(dataset, trained), *lastn_claims(dataset.world), *din_claims(dataset, trained, case),
            *towers_claims(trained), *sim_claims(dataset, trained), *hashing_claims(dataset, trained),
            *time_bucket_claims(dataset, trained),
            *lab_claims(dataset, trained)]


def saved_models(folder: Path) -> Trained:
    from .sample import load_sample_model

    cache: dict[ModelConfig, tuple] = {}

    def trained(cfg: ModelConfig):
        if cfg not in cache:
            cache[cfg] = load_sample_model(cfg, folder)
        return cache[cfg]
    return trained


def audit_trained(world: World, seed: int, log=print) -> list[Claim]:
    """Train what the pages need on `world` with the shipped recipe (the sample builder's path, into a
    scratch folder; `seed` the training seed) and audit it."""
    from .io import load_world, save_world
    from .sample import train_sample_models

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        save_world(world, folder)
        train_sample_models(folder, seed, log=log)
        return audit(Dataset(load_world(folder)), saved_models(folder))


def table(claims: list[Claim]) -> str:
    """One line per claim: holds, lesson, case, claim, figure against threshold."""
    mark = {True: "yes", False: "NO ", None: "n/a"}
    lines = [f"{'holds':5} {'lesson':12} case · claim: figure (threshold)"]
    for c in claims:
        figure = "—" if c.figure is None or c.figure != c.figure else f"{c.figure:.4g}"
        lines.append(f"{mark[c.holds]:5} {c.lesson:12} {c.case} · {c.claim}: {figure} ({c.threshold})")
    return "\n".join(lines)
