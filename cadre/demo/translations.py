"""Japanese texts of the big administration's and the region's courses, competencies, strategic
objectives, role profiles and questionnaires: the demo ships both English and Japanese.

Keyed by the English original, so a text the demo no longer uses is simply not applied. One call,
``demo_translations_load``, at the end of the demo load.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

#: The demo's regional courses end their description with this sentence.
REGIONAL_COURSE_SUFFIX = ": a course of the Asia/Pacific regional catalogue."

COURSES = {
    "Accrediting Authorised Economic Operators": "AEO（認定事業者）の認定",
    "Advanced classification and advance rulings": "高度な品目分類と事前教示",
    "Auditing multinational enterprises": "多国籍企業の事後調査",
    "Classifying goods in the Harmonized System (cmi5)": "HS 品目分類の基礎（cmi5）",
    "Consumption tax and excise at import": "輸入時の消費税・内国消費税",
    "Coordinated border management": "国境管理機関の連携",
    "Cross-border e-commerce control": "越境電子商取引の取締り",
    "Customs enforcement and investigation": "税関の取締りと犯則調査",
    "Customs valuation essentials (e-learning)": "関税評価の基礎（eラーニング）",
    "Customs valuation under the WTO Valuation Agreement": "WTO 関税評価協定に基づく関税評価",
    "Drafting rulings and notices": "教示文書・告示の起案",
    "HS classification e-learning": "HS 品目分類 eラーニング",
    "Harmonized System classification: fundamentals": "HS 品目分類：基礎",
    "Integrity and ethics for customs officers": "税関職員の倫理と服務規律",
    "Leadership for customs managers (PICARD)": "税関管理職のリーダーシップ（PICARD）",
    "Non-intrusive inspection: reading scan images": "非破壊検査：X線画像の読影",
    "Origin verification on the move": "出張による原産地検認",
    "Passenger control and profiling": "旅具検査とプロファイリング",
    "Post-clearance audit": "事後調査",
    "Risk management and risk analysis": "リスク管理とリスク分析",
    "Rules of origin": "原産地規則",
    "SAFE Framework of Standards and AEO programmes": "SAFE 基準の枠組みと AEO 制度",
    "Single window declaration system": "シングルウィンドウ申告システム",
    "Strategic planning and change management": "戦略計画と変革管理",
    "Supply chain security e-learning": "サプライチェーン・セキュリティ eラーニング",
    "Targeting and profiling with data": "データによるターゲティングとプロファイリング",
    "The Revised Kyoto Convention and trade facilitation": "改正京都規約と貿易円滑化",
    "The WTO Trade Facilitation Agreement": "WTO 貿易円滑化協定",
    "The national Customs Act in practice": "関税法の実務",
    "Training of trainers": "講師養成研修",
    "VR container inspection at seaports": "VR による海港でのコンテナ検査",
    "VR e-commerce parcel checks": "VR による電子商取引貨物の検査",
    "Valuation of related-party transactions": "関連者間取引の評価",
}

COURSE_DESCRIPTIONS = {
    "The General Interpretative Rules in one lesson and a four-question check, on a phone.": (
        "通則を1回の授業と4問の確認テストで。スマートフォンで受講できます。"
    ),
    "The transaction value, its adjustments and the other valuation methods, on a phone.": (
        "取引価格、その加算・控除、その他の評価方法。スマートフォンで受講できます。"
    ),
    "Revised 2026: adds e-commerce risk indicators and pre-arrival data.": (
        "2026年改訂：電子商取引のリスク指標と事前到着情報を追加。"
    ),
}

COMPETENCIES = {
    "Accountability": ("説明責任", "自らの判断とその結果に責任を持ち、判断の理由を記録する。"),
    "Applies the General Interpretative Rules correctly.": ("通則を正しく適用する。", ""),
    "Applies the same rules to every trader and traveller.": (
        "すべての事業者・旅客に同じ規則を適用する。",
        "",
    ),
    "Authorised Economic Operator programme": ("AEO 制度", "AEO 事業者を認定し、監督する。"),
    "Builds and reviews risk profiles from seizure data.": (
        "摘発データからリスクプロファイルを作成・見直す。",
        "",
    ),
    "Change management": ("変革管理", "改革と近代化に向けて組織を導く。"),
    "Coaching and developing others": ("人材の指導・育成", "同僚を指導し、助言し、育成する。"),
    "Communication": ("コミュニケーション", "職員、関係機関、一般の人々と明確に意思疎通する。"),
    "Consumption tax and excise on imports": (
        "輸入時の消費税・内国消費税",
        "輸入時に徴収する内国税を賦課する。",
    ),
    "Coordinated border management": ("国境管理機関の連携", "他の国境管理機関や近隣国と協力する。"),
    "Cross-border e-commerce": ("越境電子商取引", "少額の電子商取引貨物を通関し、取り締まる。"),
    "Customs Business Understanding": ("税関業務の理解", "手続、申告、サプライチェーンの関係者を理解する。"),
    "Customs and revenue": ("関税と歳入", "関税・諸税の適正な徴収を確保する。"),
    "Customs' role in government": ("政府における税関の役割", "政府機関の中での税関の任務を説明する。"),
    "Decision making": ("意思決定", "不完全な情報の下でも適切に判断する。"),
    "Declares gifts, hospitality and conflicts of interest promptly.": (
        "贈答・接待・利益相反を速やかに申告する。",
        "",
    ),
    "Economics": ("経済", "貿易の流れ、関税率、歳入を経済と関連付けて理解する。"),
    "Emerging trends": ("新たな動向", "貿易、犯罪、技術の動向を把握する。"),
    "Enforcement & investigation": ("取締りと犯則調査", "税関犯則を発見し、調査し、告発する。"),
    "Examination of goods": ("貨物検査", "貨物を現物検査し、結果を記録し、見本を採取する。"),
    "Explains a targeting decision to an examiner.": ("ターゲティングの判断を検査官に説明する。", ""),
    "Explains how the unit's work serves the strategy.": ("部署の業務が戦略にどう貢献するかを説明する。", ""),
    "Financial management": ("財務管理", "予算と歳入会計を計画し、管理する。"),
    "Holds regular competency reviews with each officer.": ("職員ごとに定期的な能力評価面談を行う。", ""),
    "Identifies related-party prices that need adjustment.": ("調整が必要な関連者間価格を特定する。", ""),
    "Integrity": ("誠実性", "誠実かつ公正に行動し、利益相反を申告し、不当な影響に屈しない。"),
    "Issues advance rulings that hold on review.": ("見直しに耐える事前教示を行う。", ""),
    "Judicial and legal systems": ("司法・法制度", "関税法令、条約、証拠法則を適用する。"),
    "Keeps a risk and issue log and acts on it.": ("リスク・課題の記録を付け、対応する。", ""),
    "Keeps up to date with changes in law and procedure.": ("法令や手続の改正を常に把握する。", ""),
    "Leadership": ("リーダーシップ", "方向性を示し、部署を成果へと導く。"),
    "Links unit plans to the administration's strategic objectives.": (
        "部署の計画を税関の戦略目標に結び付ける。",
        "",
    ),
    "Managerial": ("管理職", "人と組織を率いる職員のコンピテンシー。"),
    "National and international policy": ("国内・国際政策", "税関を取り巻く政策環境を理解する。"),
    "National competencies": ("国独自のコンピテンシー", "霞税関に固有のコンピテンシー。"),
    "National customs law": ("国内関税法", "霞関税法とその政省令を適用する。"),
    "Non-intrusive inspection": (
        "非破壊検査",
        "コンテナ・貨物用のX線・スキャン装置を操作し、画像を読影する。",
    ),
    "Official document drafting": ("公文書の起案", "教示文書や告示を所定の公用文の形式で起案する。"),
    "Operational": (
        "執行",
        "税関業務の執行面のコンピテンシー（EU 税関コンピテンシー・フレームワークに準拠）。",
    ),
    "Origin of Goods": ("原産地", "特恵・非特恵の原産地規則を適用する。"),
    "Passenger control": ("旅具検査", "国境で旅客とその携帯品を検査する。"),
    "People management": ("人事管理", "業務を計画し、職員を評価し、その能力を育成する。"),
    "Plans an audit from a risk assessment of the trader.": (
        "事業者のリスク評価に基づき調査を計画する。",
        "",
    ),
    "Policy development and implementation": ("政策の立案と実施", "政策を起案し、意見を聴き、実施する。"),
    "Post-clearance audit": ("事後調査", "貨物の許可後に事業者の帳簿を調査する。"),
    "Prepares case files that stand up in court.": ("裁判に耐える事件記録を作成する。", ""),
    "Preserves evidence and the chain of custody.": ("証拠とその保管の連続性を保全する。", ""),
    "Professional": ("専門", "WCO PICARD 専門職基準の知識領域。"),
    "Professionalism": ("プロ意識", "知識を常に更新し、安定した品質の仕事をする。"),
    "Prohibitions & Restrictions": ("輸出入規制", "許可・禁止・規制対象貨物の規制を執行する。"),
    "Project management": ("プロジェクト管理", "近代化プロジェクトを範囲・期限・予算どおりに進める。"),
    "Public-private cooperation": ("官民協力", "事業者とその団体と協働する。"),
    "Reads container scan images and flags anomalies.": (
        "コンテナのスキャン画像を読影し、異常を指摘する。",
        "",
    ),
    "Records the grounds of every control decision.": ("すべての取締り判断の根拠を記録する。", ""),
    "Releases staff for training without emptying the unit.": (
        "部署の業務を維持しつつ職員を研修に送り出す。",
        "",
    ),
    "Reports suspected corruption through the proper channel.": ("汚職の疑いを所定の経路で報告する。", ""),
    "Respect and diversity": ("尊重と多様性", "同僚や一般の人々を尊重し、公平に接する。"),
    "Risk Analysis": ("リスク分析", "リスクに基づき貨物・旅客・事業者をプロファイリングし、選定する。"),
    "Security": ("セキュリティ", "サプライチェーン・セキュリティに SAFE 基準の枠組みを適用する。"),
    "Service orientation": ("サービス志向", "事業者、旅客、一般の人々に丁寧に対応する。"),
    "Sets measurable targets and reviews them.": ("測定可能な目標を設定し、見直す。", ""),
    "Single window declaration system": (
        "シングルウィンドウ申告システム",
        "国のシングルウィンドウシステムで申告を処理する。",
    ),
    "Strategic planning": ("戦略計画", "目標を計画、指標、資源に落とし込む。"),
    "Supply Chain Operations": ("サプライチェーンの運用", "港湾、空港、物流拠点を通る貨物の流れを追う。"),
    "Tariff & Classification": ("関税率表と品目分類", "HS と国の関税率表に基づき貨物を分類する。"),
    "Technology": ("技術", "データとシステムを活用して税関業務を近代化する。"),
    "The customs business": ("税関業務", "税関の業務プロセスを一貫して理解する。"),
    "Trade facilitation": ("貿易円滑化", "改正京都規約と WTO 貿易円滑化協定に基づき手続を簡素化する。"),
    "Uses VR inspection kits for e-commerce checks.": ("電子商取引貨物の検査に VR 検査キットを使う。", ""),
    "Uses explanatory notes and classification opinions.": ("解説書と分類例規を活用する。", ""),
    "Valuation": ("関税評価", "WTO 関税評価協定に基づき課税価格を決定する。"),
    "Values": ("価値観", "職種を問わずすべての税関職員が示す基本的価値観。"),
    "Verifies certificates of origin against the agreement's rules.": (
        "原産地証明書を協定の規則に照らして確認する。",
        "",
    ),
}

OBJECTIVES = {
    "Correct revenue: classification and valuation right the first time": "適正な歳入：初回から正しい品目分類と関税評価",
    "Leadership for modernisation": "近代化を担うリーダーシップ",
    "Smart enforcement: risk-based control of cargo and passengers": "スマートな取締り：リスクに基づく貨物・旅客の管理",
    "Trade facilitation for cross-border e-commerce": "越境電子商取引の貿易円滑化",
}

POSITIONS = {
    "AEO programme officer": "AEO 担当官",
    "Budget and finance officer": "予算・会計担当官",
    "Cargo clearance officer": "貨物通関担当官",
    "Classification specialist": "品目分類専門官",
    "Customs examiner": "税関検査官",
    "Customs trainer": "税関研修講師",
    "Detector dog handler": "探知犬ハンドラー",
    "Director of customs house": "税関長",
    "Director-General": "長官",
    "E-commerce clearance officer": "電子商取引通関担当官",
    "General affairs officer": "総務担当官",
    "Head of division": "課長",
    "Human resources officer": "人事担当官",
    "IPR enforcement officer": "知的財産侵害物品取締担当官",
    "IT systems officer": "情報システム担当官",
    "Intelligence analyst": "情報分析官",
    "International cooperation officer": "国際協力担当官",
    "Investigator": "犯則調査官",
    "Legal affairs officer": "法務担当官",
    "Modernisation project manager": "近代化プロジェクト管理者",
    "Origin verification officer": "原産地調査官",
    "Passenger control officer": "旅具検査官",
    "Policy planning officer": "政策企画担当官",
    "Post-clearance audit officer": "事後調査官",
    "Preventive (marine) officer": "監視官（海上）",
    "Regional director": "地方局長",
    "Revenue accounting officer": "歳入会計担当官",
    "Risk analyst": "リスク分析官",
    "Scanner operator (non-intrusive inspection)": "X線検査装置操作員（非破壊検査）",
    "Section chief": "係長",
    "Trade statistics officer": "貿易統計担当官",
    "Valuation officer": "関税評価担当官",
}
PROFILE_NOTES = {"Demo profile": "デモ用プロファイル"}

QUESTIONNAIRES = {
    "After the course": "研修終了時アンケート",
    "Regional Workshop on Training Management (2019)": "研修管理に関する地域ワークショップ（2019年）",
    "Twelve weeks later (supervisor)": "12週間後（上司）",
}

QUESTIONS = {
    "Example of use at work": "職場での活用例",
    "I will apply what I learned in my work": "学んだことを業務に活かす",
    "Overall, the workshop was": "ワークショップの全体的な評価",
    "The content was relevant to my administration's needs": "内容は自分の税関のニーズに合っていた",
    "The course was useful for my work": "研修は業務に役立った",
    "The instructors explained clearly": "講師の説明は分かりやすかった",
    "The officer applies what the course taught": "職員は研修の内容を業務に活かしている",
    "The pace was": "進行のペース",
    "The sessions were well organised and paced": "各セッションはよく構成され、ペースも適切だった",
    "The workshop met its stated objectives": "ワークショップは掲げた目標を達成した",
    "What should change?": "改善すべき点は？",
    "What should the next regional workshop change?": "次回の地域ワークショップで改善すべき点は？",
    "What will you apply first in your administration?": "自分の税関でまず何を実践しますか？",
}


def _course_description(title: str, description: str) -> str:
    if description.endswith(REGIONAL_COURSE_SUFFIX) and title in COURSES:
        return f"{COURSES[title]}：アジア太平洋地域カタログの講座。"
    return COURSE_DESCRIPTIONS.get(description, "")


def demo_translations_load(*, administration_code: str) -> int:
    """Store the Japanese texts of the administration's and its region's records; return how many."""
    from cadre.catalogue.models import Course
    from cadre.competencies.models import Competency, RoleProfile
    from cadre.evaluation.models import Question, QuestionnaireTemplate
    from cadre.strategy.models import StrategicObjective
    from cadre.tenancy.models import Administration
    from cadre.translations.models import TranslatedText

    admin = Administration.objects.filter(code=administration_code).first()
    if admin is None:
        return 0
    rows: list[TranslatedText] = []

    def add(kind: str, record: Any, field: str, text: str, owner: tuple[int | None, int | None]) -> None:
        if text:
            rows.append(
                TranslatedText(
                    kind=kind,
                    record_id=record.pk,
                    field=field,
                    language="ja",
                    text=text,
                    administration_id=owner[0],
                    region_id=None if owner[0] else owner[1],
                )
            )

    for course in Course.objects.filter(Q(administration=admin) | Q(region_id=admin.region_id)):
        owner = (course.administration_id, course.region_id)
        add("course", course, "title", COURSES.get(course.title, ""), owner)
        add("course", course, "description", _course_description(course.title, course.description), owner)
    competencies = Competency.objects.filter(
        Q(framework__administration=admin) | Q(framework__region_id=admin.region_id)
    ).select_related("framework")
    for competency in competencies:
        title, description = COMPETENCIES.get(competency.title, ("", ""))
        owner = (competency.framework.administration_id, competency.framework.region_id)
        add("competency", competency, "title", title, owner)
        if competency.description:
            add("competency", competency, "description", description, owner)
    for objective in StrategicObjective.objects.filter(administration=admin):
        add("objective", objective, "title", OBJECTIVES.get(objective.title, ""), (admin.pk, None))
    for profile in RoleProfile.objects.filter(administration=admin).select_related("position"):
        add("role_profile", profile, "title", POSITIONS.get(profile.position.title, ""), (admin.pk, None))
        add("role_profile", profile, "notes", PROFILE_NOTES.get(profile.notes, ""), (admin.pk, None))
    templates = QuestionnaireTemplate.objects.filter(Q(administration=admin) | Q(region_id=admin.region_id))
    for template in templates:
        owner = (template.administration_id, template.region_id)
        add("questionnaire", template, "name", QUESTIONNAIRES.get(template.name, ""), owner)
        for question in Question.objects.filter(template=template):
            add("question", question, "prompt", QUESTIONS.get(question.prompt, ""), owner)
    TranslatedText.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)
