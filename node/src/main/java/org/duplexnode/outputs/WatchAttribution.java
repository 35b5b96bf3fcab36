package org.duplexnode.outputs;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.duplexnode.ports.Watch;

/**
 * Which watch, if any, a proactive utterance is about, from the evidence the two share.
 *
 * <p>Both texts become weighted terms. Words of spaced scripts are lower-cased, stripped of stop
 * words (articles, pronouns, "tell me when"...), folded through a few synonyms and a light English
 * stemmer (opens, opened, opening: "open"), each worth {@value #WORD_WEIGHT}. Runs of Chinese (and
 * Japanese) characters, which have no spaces, lose their function words (的, 了, 告诉我, 的时候...)
 * and give each character ({@value #CHAR_WEIGHT}) and each pair of adjacent characters
 * ({@value #BIGRAM_WEIGHT}). A watch's evidence is the weight of its condition's terms the
 * utterance also has; below {@value #MIN_EVIDENCE} (one shared word, one shared character pair or
 * two shared characters) the utterance is about no watch. The most evidence wins, then the larger
 * share of the condition covered, then the most recently added watch, so the choice never depends
 * on map order.
 */
public final class WatchAttribution {
  public static final double WORD_WEIGHT = 1.0;
  public static final double CHAR_WEIGHT = 0.5;
  public static final double BIGRAM_WEIGHT = 1.0;
  public static final double PARTICLE_WEIGHT = 0.5;
  public static final double MIN_EVIDENCE = 1.0;

  /** How much an utterance says about one watch; {@code shared} are the terms both have. */
  public record Score(String watchId, double evidence, double coverage, List<String> shared) {
    public boolean enough() {
      return evidence >= MIN_EVIDENCE;
    }
  }

  private static final Set<String> STOP = Set.of(
      "a", "an", "the", "and", "or", "but", "if", "when", "whenever", "once", "as", "soon", "while", "then",
      "me", "my", "mine", "i", "you", "your", "we", "us", "our", "it", "its", "they", "them", "their", "he", "she",
      "him", "her", "his", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom",
      "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "has", "have", "had",
      "will", "would", "shall", "should", "can", "could", "may", "might", "must", "to", "of", "for", "with",
      "at", "by", "from", "about", "into", "onto", "in", "so", "just", "now", "right", "again", "too", "very",
      "really", "please", "tell", "let", "know", "notify", "alert", "warn", "inform", "remind", "watch",
      "keep", "eye", "look", "see", "saw", "seen", "notice", "happen", "happens", "happened", "something",
      "anything", "thing", "oh", "hey", "hi", "hello", "okay", "ok", "yes", "yeah", "no", "not", "sure", "well",
      "thanks", "thank", "think", "like", "get", "gets", "got", "go", "goes", "going", "still", "yet", "some", "any",
      "all", "every", "one", "more", "up", "how", "why", "where", "also", "actually", "time");

  /** Short words that tell on from off but say little alone. */
  private static final Set<String> PARTICLES = Set.of("on", "off", "out", "over", "down", "under", "back", "away");

  /** Words that mean the same for watching purposes, folded onto the first. */
  private static final Map<String, String> SYNONYMS = synonyms(
      List.of("person", "someone", "somebody", "anyone", "anybody", "people", "man", "woman", "guy", "visitor"),
      List.of("child", "kid", "kids", "children", "baby", "toddler"),
      List.of("dog", "puppy", "doggy"),
      List.of("cat", "kitten", "kitty"),
      List.of("car", "vehicle", "truck", "van"),
      List.of("phone", "cellphone", "mobile"),
      List.of("arrive", "arrives", "arrived", "arriving", "arrival"),
      List.of("fall", "falls", "fell", "fallen", "falling", "drop", "drops", "dropped"),
      List.of("fire", "smoke", "flame", "flames", "burning"),
      List.of("leave", "leaves", "leaving"),
      List.of("water", "leak", "leaks", "leaking", "puddle", "spill", "spilled"),
      List.of("mail", "mailman", "postman", "letter", "letters"));

  /** Chinese words folded onto one spelling before characters are counted. */
  private static final Map<String, String> ZH_SYNONYMS = Map.of("孩子", "宝宝", "小孩", "宝宝", "婴儿", "宝宝",
      "电话", "手机", "巴士", "公交");

  /** Chinese function words and watch phrasing, longest first so 告诉我 goes before 我. */
  private static final List<String> ZH_STOP = sortedLongestFirst(List.of(
      "告诉我", "告诉", "提醒我", "提醒", "通知我", "通知", "叫我", "帮我", "请你", "麻烦你", "如果", "要是", "一旦", "的时候",
      "时候", "马上", "立刻", "立即", "赶紧", "注意", "盯着", "留意", "看到", "看见", "发现", "一下", "一直", "什么", "怎么",
      "知道", "警告我", "警告", "或者", "的话", "我们", "你们", "他们", "这个", "那个", "现在", "已经", "可以", "好像", "觉得", "没有", "还是", "就是",
      "的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "嗯", "哇", "是", "我", "你", "他", "她", "它", "在", "也",
      "很", "都", "还", "有", "个", "这", "那", "把", "被", "给", "让", "和", "跟", "要", "会", "能", "就", "当", "请",
      "嘿", "喂", "好", "谢", "不", "得", "地", "着", "过", "又", "再", "刚", "才"));

  private WatchAttribution() {
  }

  /**
   * The watch {@code utterance} is about among {@code watches} (oldest first), or empty. A term in
   * the conditions of several watches counts for each a share of its weight: "grandma" alone says
   * which watch no more than it says none.
   */
  public static Optional<Score> best(String utterance, List<Watch> watches) {
    Map<String, Double> said = terms(utterance);
    List<Map<String, Double>> wanted = watches.stream().map(w -> terms(w.condition())).toList();
    Map<String, Integer> watchesWith = new java.util.HashMap<>();
    wanted.forEach(t -> t.keySet().forEach(k -> watchesWith.merge(k, 1, Integer::sum)));
    Score best = null;
    for (int i = 0; i < watches.size(); i++) {
      Score s = score(said, watches.get(i).id(), wanted.get(i), watchesWith);
      if (s.enough() && (best == null || !better(best, s))) { // later (more recent) wins exact ties
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }

  /** How much {@code utterance} says about {@code watch} alone. */
  public static Score score(String utterance, Watch watch) {
    return score(terms(utterance), watch.id(), terms(watch.condition()), Map.of());
  }

  private static Score score(Map<String, Double> said, String id, Map<String, Double> wanted,
                             Map<String, Integer> watchesWith) {
    double evidence = 0;
    double total = 0;
    List<String> shared = new ArrayList<>();
    for (var e : wanted.entrySet()) {
      double weight = e.getValue() / watchesWith.getOrDefault(e.getKey(), 1);
      total += weight;
      if (said.containsKey(e.getKey())) {
        evidence += weight;
        shared.add(e.getKey());
      }
    }
    return new Score(id, evidence, total == 0 ? 0 : evidence / total, List.copyOf(shared));
  }

  private static boolean better(Score a, Score b) {
    if (a.evidence() != b.evidence()) {
      return a.evidence() > b.evidence();
    }
    return a.coverage() > b.coverage();
  }

  /** The weighted terms of a text: content words, and characters and character pairs of Chinese runs. */
  static Map<String, Double> terms(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    String norm = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder word = new StringBuilder();
    StringBuilder han = new StringBuilder();
    for (int i = 0; i < norm.length(); ) {
      int cp = norm.codePointAt(i);
      i += Character.charCount(cp);
      if (unspaced(cp)) {
        addWord(out, word);
        han.appendCodePoint(cp);
      } else if (Character.isLetterOrDigit(cp)) {
        addHan(out, han);
        word.appendCodePoint(cp);
      } else {
        addWord(out, word);
        addHan(out, han);
      }
    }
    addWord(out, word);
    addHan(out, han);
    return out;
  }

  private static boolean unspaced(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.THAI;
  }

  private static void addWord(Map<String, Double> out, StringBuilder word) {
    if (word.length() == 0) {
      return;
    }
    String w = word.toString();
    word.setLength(0);
    if (STOP.contains(w) || (w.length() < 2 && !Character.isDigit(w.charAt(0)))) {
      return;
    }
    String folded = SYNONYMS.getOrDefault(w, w);
    out.put(folded.equals(w) ? stem(w) : folded, PARTICLES.contains(w) ? PARTICLE_WEIGHT : WORD_WEIGHT);
  }

  private static void addHan(Map<String, Double> out, StringBuilder han) {
    if (han.length() == 0) {
      return;
    }
    String run = han.toString();
    han.setLength(0);
    for (var e : ZH_SYNONYMS.entrySet()) {
      run = run.replace(e.getKey(), e.getValue());
    }
    for (String stop : ZH_STOP) {
      run = run.replace(stop, " ");
    }
    for (String piece : run.split(" +")) {
      int[] cps = piece.codePoints().toArray();
      if (cps.length == 1) { // a character standing alone between function words is a word
        out.put(piece, WORD_WEIGHT);
        continue;
      }
      for (int k = 0; k < cps.length; k++) {
        out.putIfAbsent(new String(cps, k, 1), CHAR_WEIGHT);
        if (k + 1 < cps.length) {
          out.put(new String(cps, k, 2), BIGRAM_WEIGHT);
        }
      }
    }
  }

  /** A light English stemmer: enough that opens, opened, opening and open meet. */
  static String stem(String w) {
    if (w.length() <= 3 || !w.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
      return w;
    }
    String s = w;
    if (s.endsWith("ies") && s.length() > 4) {
      s = s.substring(0, s.length() - 3) + "y";
    } else if (s.endsWith("sses")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("ing") && s.length() > 5) {
      s = undouble(s.substring(0, s.length() - 3));
    } else if (s.endsWith("ed") && s.length() > 4) {
      s = undouble(s.substring(0, s.length() - 2));
    }
    if (s.endsWith("e") && s.length() > 3) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String undouble(String s) {
    int n = s.length();
    if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "aeioulsz".indexOf(s.charAt(n - 1)) < 0) {
      return s.substring(0, n - 1);
    }
    return s;
  }

  @SafeVarargs
  private static Map<String, String> synonyms(List<String>... groups) {
    Map<String, String> m = new java.util.HashMap<>();
    for (List<String> g : groups) {
      for (String w : g) {
        m.put(w, g.get(0));
      }
    }
    return Map.copyOf(m);
  }

  private static List<String> sortedLongestFirst(List<String> words) {
    List<String> l = new ArrayList<>(words);
    l.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return List.copyOf(l);
  }
}
