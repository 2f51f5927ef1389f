"""FIXTURE documents for the replay snapshot: our own writing in GOV.UK's shape, not GOV.UK text.

Facts loosely follow real announcements; sentences are ours, except the seed release (SEED_KEY),
which reproduces the user's example in tests/fixtures/send-nao-response-2024.txt. build.py turns
these definitions into Content API JSON. Body markup is described in build.govspeak.
"""

# (title, slug, acronym, analytics id, crest, content_id or None for an invented one)
ORGANISATIONS = {
    "dfe": ("Department for Education", "department-for-education", "DfE", "D6", "single-identity",
            "ebd15ade-73b2-4eaf-b1c3-43034a42eb37"),
    "dhsc": ("Department of Health and Social Care", "department-of-health-and-social-care", "DHSC", "D12",
             "single-identity", None),
    "ofsted": ("Ofsted", "ofsted", "Ofsted", "D105", "no-identity", None),
    "cqc": ("Care Quality Commission", "care-quality-commission", "CQC", "PB202", "no-identity", None),
    "dft": ("Department for Transport", "department-for-transport", "DfT", "D9", "single-identity", None),
    "mod": ("Ministry of Defence", "ministry-of-defence", "MOD", "D17", "mod", None),
    "defra": ("Department for Environment, Food & Rural Affairs", "department-for-environment-food-rural-affairs",
              "Defra", "D7", "single-identity", None),
    "dcms": ("Department for Culture, Media and Sport", "department-for-culture-media-and-sport", "DCMS", "D5",
             "single-identity", None),
    "dwp": ("Department for Work and Pensions", "department-for-work-pensions", "DWP", "D10", "single-identity",
            None),
    "hmcts": ("HM Courts & Tribunals Service", "hm-courts-and-tribunals-service", "HMCTS", "EA73",
              "single-identity", None),
    "home_office": ("Home Office", "home-office", "Home Office", "D16", "ho", None),
}

PEOPLE = {
    "phillipson": ("The Rt Hon Bridget Phillipson MP", "bridget-phillipson"),
    "mckinnell": ("Catherine McKinnell MP", "catherine-mckinnell"),
    "morgan": ("Stephen Morgan MP", "stephen-morgan"),
    "daby": ("Janet Daby MP", "janet-daby"),
    "keegan": ("The Rt Hon Gillian Keegan MP", "gillian-keegan"),
    "coutinho": ("Claire Coutinho MP", "claire-coutinho"),
    "johnston": ("David Johnston OBE MP", "david-johnston"),
    "zahawi": ("The Rt Hon Nadhim Zahawi MP", "nadhim-zahawi"),
    "quince": ("Will Quince MP", "will-quince"),
    "hinds": ("The Rt Hon Damian Hinds MP", "damian-hinds"),
    "caulfield": ("Maria Caulfield MP", "maria-caulfield"),
}

ROLES = {
    "sos_education": ("Secretary of State for Education", "secretary-of-state-for-education"),
    "school_standards": ("Minister of State (Minister for School Standards)",
                         "minister-of-state-minister-for-school-standards"),
    "early_education": ("Parliamentary Under-Secretary of State (Minister for Early Education)",
                        "parliamentary-under-secretary-of-state-minister-for-early-education"),
    "children_families": ("Parliamentary Under-Secretary of State (Minister for Children and Families)",
                          "parliamentary-under-secretary-of-state-minister-for-children-and-families"),
    "children_wellbeing": ("Parliamentary Under Secretary of State (Minister for Children, Families and Wellbeing)",
                           "parliamentary-under-secretary-of-state-for-children-families-and-wellbeing"),
    "mental_health": ("Parliamentary Under Secretary of State (Minister for Mental Health and Women's Health Strategy)",
                      "parliamentary-under-secretary-of-state-for-mental-health-and-womens-health-strategy"),
}

TOPICAL_EVENTS = {
    "budget_2024": ("Autumn Budget 2024", "autumn-budget-2024"),
    "spending_review_2025": ("Spending Review 2025", "spending-review-2025"),
}

# (title, slug, started, ended or None); the page's government is the one in office when first published.
GOVERNMENTS = [
    ("2017 to 2019 Conservative government", "2017-to-2019-conservative-government", "2017-06-08", "2019-12-13"),
    ("2019 to 2022 Johnson Conservative government", "2019-to-2022-johnson-conservative-government",
     "2019-12-13", "2022-09-06"),
    ("2022 Truss Conservative government", "2022-truss-conservative-government", "2022-09-06", "2022-10-25"),
    ("2022 to 2024 Sunak Conservative government", "2022-to-2024-sunak-conservative-government",
     "2022-10-25", "2024-07-05"),
    ("2024 Labour government", "2024-labour-government", "2024-07-05", None),
]

# key: (title, base_path, parent key, content_id or None for an invented one, description)
TAXONS = {
    "education": ("Education, training and skills", "/education", None, "c58fdadd-7743-46d6-9629-90bb3ccc4ef0",
                  "Schools, early years, further and higher education, apprenticeships and skills."),
    "send": ("Special educational needs and disability (SEND) and high needs",
             "/education/special-educational-needs-and-disability-send-and-high-needs", "education",
             "8b9c3e1f-6a0d-4c52-b7e4-2f91d5a6c3b8",
             "Support for children and young people with special educational needs and disabilities, "
             "and high needs funding."),
    "teaching": ("Teaching and leadership", "/education/teaching-and-leadership", "education", None,
                 "Teacher training, pay, professional development and school leadership."),
    "school_life": ("School life", "/education/school-life", "education", None,
                    "Attendance, behaviour, school food, uniforms and the school day."),
    # Other top-level topics, for the other departments' pages (no items of their own here).
    "health": ("Health and social care", "/health-and-social-care", None, None,
               "Hospitals, public health, adult social care and the NHS."),
    "transport": ("Transport", "/transport", None, None, "Roads, rail, freight, aviation and shipping."),
    "defence": ("Defence and armed forces", "/defence-and-armed-forces", None, None,
                "The armed forces, defence equipment and veterans."),
    "environment": ("Environment", "/environment", None, None,
                    "Wildlife, the marine environment, farming and pollution."),
    "culture": ("Society and culture", "/society-and-culture", None, None,
                "Arts, museums, heritage, sport and communities."),
    "welfare": ("Welfare", "/welfare", None, None, "Benefits, pensions and support for disabled people and carers."),
    "justice": ("Crime, justice and law", "/crime-justice-and-law", None, None,
                "Courts, tribunals, policing, prisons and the prevention of crime."),
}

SEED_KEY = "nao_response"

RESPONSES_1 = {
    "/government/publications/send-and-alternative-provision-improvement-plan/annex-a": {
        "status": 303, "location": "/government/publications/send-and-alternative-provision-improvement-plan"},
}
# Round 2 overrides nothing: the gone page's 410 comes from the item itself (schema "gone", empty
# details), as content-store decides it; the redirected page is a 200 redirect item. content-store
# never answers 301/302 on /api/content, and the replay refuses a responses.json asking for one.
RESPONSES_2: dict = {}

CONTACT_BLOCK = """<div class="contact">
<div class="content">
<h3>Department for Education press office</h3>
<div class="vcard contact-inner">
<p class="adr"><span class="street-address">20 Great Smith Street</span><br><span class="locality">London</span><br><span class="postal-code">SW1P 3BT</span></p>
<div class="email-url-number">
<p class="tel"><span class="type">Telephone</span> 020 7783 8300</p>
</div>
</div>
</div>
</div>"""

ROUND_1 = [
    # 2024 Labour government
    dict(
        key="nao_response", type="press_release", political=True,
        slug="government-responds-to-national-audit-office-report-on-send",
        title="Government responds to National Audit Office report on SEND",
        desc="Education Secretary Bridget Phillipson responds to the National Audit Office's report on support "
             "for children and young people with special educational needs and disabilities.",
        date="2024-10-24 00:01", people=["phillipson"], roles=["sos_education"], taxons=["send"],
        body="""
The National Audit Office (NAO) has today published its report on support for children and young people with special educational needs and disabilities (SEND) in England. The report looks at the rising number of education, health and care plans, the pressure on council high needs budgets and the experience of families waiting for help.

Education Secretary Bridget Phillipson said:

> The NAO's report exposes a system that has been neglected to the point of crisis, with children and families with SEND quite simply being failed on every measure.
> Every child and young person deserves the best life chances and the opportunity to achieve and thrive. But at the moment far too few are being given that chance in a system that is too skewed towards specialist provision and over-reliant on EHC plans – often only to the benefit of families who have the resources to fight for support.
> I am determined to rebuild families' confidence in a system so many rely on – so, there will be no more sticking plaster politics and short-termism when it comes to the life chances of some of our most vulnerable children. The reform families are crying out for will take time, but with a greater focus on mainstream provision and more early intervention, we will deliver the change that is so desperately needed.

## On background

- The Department for Education will strengthen accountability on mainstream settings to be inclusive including through Ofsted, support the mainstream workforce to increase their SEND expertise, and encourage schools to set up Resourced Provision or SEN units to increase capacity in mainstream schools.
- Work has already started with increased training for early years providers to identify and support children with SEND earlier. In July 2024, this Government announced that funded support for the 11,100 schools registered for the Nuffield Early Language Intervention (NELI) programme would continue for 2024-25 to help pupils who need extra support with their speech and language development find their voice.
- The Curriculum and Assessment Review will look at the barriers which hold children and young people back from the best life chances – including those with SEND.
- To ensure that improving inclusion in mainstream schools is the heart of our plans to improve opportunity for those children with SEND, the Secretary of State has restructured the Department for Education so that SEND and Alternative Provision policy comes under the responsibility of the Schools Group.
- The Department for Education will work with the sector as essential and valued partners to ensure our approach is fully planned and delivered in concert with parents, schools, councils, and other people who work with children.
- On Thursday 24th October, we are also publishing an independently commissioned insights report from the Delivering Better Value programme which provides dedicated support and funding to over 50 local authorities – chosen based on those facing particular financial challenges. We are also publishing a toolkit to help other local areas to learn from the experience of those on the DBV programme.
"""),
    dict(
        key="capital_places", type="press_release", political=True,
        slug="thousands-more-places-for-pupils-with-send-in-mainstream-schools",
        title="Thousands more places for pupils with SEND in mainstream schools",
        desc="Capital funding for councils to create specialist places, with a focus on units and resourced "
             "provision in mainstream schools.",
        date="2024-12-05 00:01", people=["phillipson"], roles=["sos_education"], taxons=["send"],
        body="""
Councils will receive £740 million in the 2025 to 2026 financial year to create more places for children and young people with special educational needs and disabilities (SEND), with a focus on adapting mainstream schools so that more pupils can learn alongside their friends.

The funding, which more than doubles the high needs capital allocations made for 2024-25, can be used to build specialist units and resourced provision within mainstream schools, to adapt classrooms and buildings so that they are more accessible, and to create sensory spaces and quiet rooms. It can also be used to expand existing special schools where that is the right choice for a local area.

Every council will receive a share of the funding, calculated using forecasts of how many additional places each area expects to need by 2026.

Education Secretary Bridget Phillipson said:

> Too many children with special educational needs are travelling miles from home each day, or waiting months for a place that meets their needs. That is not good enough, and it is not what parents expect.
> This investment will help councils make mainstream schools more inclusive, so that more children can get the support they need in a school close to their family and friends.

<blockquote>
  <p class="last-child">We are also clear that special schools will always play a vital role for children with the most complex needs, and this funding will support councils to plan places for them too.</p>
</blockquote>

Councils will be expected to publish how they plan to spend their allocation, and the department will publish a summary of how the funding has been used later in 2025.

## Provisional allocations

The table below sets out provisional allocations for a selection of local authorities. Allocations for all 153 local authorities are published alongside this announcement.

<table>
  <thead>
    <tr>
      <th scope="col">Local authority</th>
      <th scope="col">Allocation 2025 to 2026</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <td>Birmingham</td>
      <td>£16.9m</td>
    </tr>
    <tr>
      <td>Kent</td>
      <td>£15.2m</td>
    </tr>
    <tr>
      <td>Lancashire</td>
      <td>£11.8m</td>
    </tr>
    <tr>
      <td>Essex</td>
      <td>£11.1m</td>
    </tr>
    <tr>
      <td>Hertfordshire</td>
      <td>£10.4m</td>
    </tr>
    <tr>
      <td>Leeds</td>
      <td>£8.6m</td>
    </tr>
    <tr>
      <td>Cornwall</td>
      <td>£5.3m</td>
    </tr>
  </tbody>
</table>

## Notes to editors

1. High needs provision capital allocations are made to local authorities to support the provision of new places and improve existing provision for children and young people with special educational needs and disabilities or who require alternative provision.

2. This funding is in addition to the nearly £1 billion increase to high needs revenue funding announced at the Autumn Budget 2024.

3. Local authorities may use the funding to invest in any school or setting in their area, including academies, free schools and further education colleges.
"""),
    dict(
        key="high_needs_budget_2024", type="press_release", political=True,
        slug="nearly-1-billion-more-for-children-with-special-educational-needs",
        title="Nearly £1 billion more for children with special educational needs",
        desc="High needs funding will rise to more than £11.8 billion next year, the Chancellor confirms "
             "at the Autumn Budget.",
        date="2024-10-30 15:00", people=["mckinnell"], roles=["school_standards"], taxons=["send"],
        topical_events=["budget_2024"],
        body="""
Funding for children and young people with special educational needs and disabilities (SEND) will rise by nearly £1 billion next year, the Chancellor confirmed in today's Budget, taking the total high needs budget to more than £11.8 billion in the 2025 to 2026 financial year.

The increase is part of a £2.3 billion uplift to the core schools budget and comes as councils report rising demand for specialist support and growing deficits in their high needs budgets.

The extra funding will be distributed to councils through the dedicated schools grant, with every council seeing an increase of at least 7 per cent per head of population aged 2 to 18.

The funding can be used to support pupils in mainstream schools, special schools, alternative provision and further education, and to pay for support set out in education, health and care plans.

Catherine McKinnell, Minister for School Standards, said:

> Families of children with special educational needs have been let down for too long by a system that simply has not kept pace with demand.
> This Budget puts nearly £1 billion more into the system and marks the first step in our plan to restore parents' trust that their children will get the support they need.

The department plans to publish provisional allocations for each council in December, alongside updated guidance on how councils should work with schools and health partners to manage demand.

## Background

1. The government will reform the high needs funding formula so that it better reflects need in each area.
2. Provisional high needs allocations for the 2025 to 2026 financial year will be published in December 2024.
3. Councils with the largest deficits will continue to receive support through the Safety Valve and Delivering Better Value programmes.
4. The statutory override, which keeps high needs deficits off council balance sheets, currently runs until March 2026.
"""),
    dict(
        key="neli", type="news_story", political=True,
        slug="language-programme-to-continue-for-over-11000-schools",
        title="Language programme to continue for over 11,000 schools",
        desc="Funded support for the Nuffield Early Language Intervention will continue in 2024 to 2025 for "
             "every school already registered.",
        date="2024-07-30 09:00", people=["morgan"], roles=["early_education"], taxons=["send"],
        body="""
Reception children who need help with their speaking and listening will continue to benefit from the Nuffield Early Language Intervention (NELI), after the government confirmed funding for the 2024 to 2025 academic year.

Around two thirds of primary schools in England, 11,100 in total, have registered for the programme, which provides a structured 20-week programme of small group and one-to-one sessions delivered by trained teaching assistants.

Independent evaluations have found that children taking part make on average 3 months of additional progress in their language skills, with greater gains for children eligible for free school meals.

Early Education Minister Stephen Morgan said: “Strong speech and language skills are the foundation for everything that follows at school. Continuing this support means thousands of children will get help early, before gaps widen.”

Under the continued funding, schools will receive:

- free training for staff delivering the programme
- an app-based assessment to identify children who would benefit most
- programme materials and ongoing support from the delivery partner

Schools that have not yet registered will be able to join for the autumn term. Training for new staff will be available online, so that schools can start the programme without delay.

Early identification of speech, language and communication needs is one of the most effective ways to prevent difficulties later on, and many children who receive support through <abbr title="Nuffield Early Language Intervention">NELI</abbr> go on to need less intensive help later in school.

The programme is delivered by the Education Endowment Foundation and partners, and forms part of the department's wider work on early identification of special educational needs.
"""),
    dict(
        key="free_schools_go_ahead", type="news_story", political=False,
        slug="special-and-alternative-provision-free-schools-to-go-ahead",
        title="Special and alternative provision free schools to go ahead",
        desc="Plans for new special and alternative provision free schools will proceed while the department "
             "reviews the wider free schools programme.",
        date="2024-10-17 17:30", taxons=["send"],
        body="""
Plans to open 44 special free schools and 15 alternative provision free schools will go ahead, the Department for Education has confirmed, as it completes a review of mainstream free schools that have not yet opened.

The special schools will create around 4,500 places for children with complex needs.  Many are in areas where councils are currently paying for costly independent placements because local schools are full.

The department said the schools were a "clear priority" because of the pressure on specialist places in many parts of the country, and that councils had been consulted on every site.

Most of the schools are expected to open between 2025-2027. Sites have already been secured for the majority, and building work has started on 12.

Trusts running the schools will be expected to work closely with local mainstream schools, offering outreach and training so that more children can be supported without needing a specialist place.  Some schools will also host "satellite" classes in nearby mainstream schools.

The review of mainstream free schools is considering whether projects meet a clear need for places, given falling pupil numbers in many areas. Decisions on those projects will be announced later this year.

## Background

- The schools being taken forward were approved between 2022-2024.
- Councils will continue to receive high needs capital funding to create places in existing schools.
- The department expects to confirm opening dates for each school in spring 2025.
- Around 20 per cent of special school places are currently in independent or non-maintained schools.
"""),
    dict(
        key="oral_statement_send", type="oral_statement", political=True,
        slug="support-for-pupils-with-special-educational-needs-oral-statement",
        title="Support for pupils with special educational needs: oral statement",
        desc="Oral statement to Parliament by the Minister for School Standards on the government's approach "
             "to special educational needs and disabilities.",
        date="2024-11-26 13:30", delivered="2024-11-26 00:00", location="House of Commons",
        people=["mckinnell"], roles=["school_standards"], speaker="mckinnell", taxons=["send"],
        body="""
With permission, Madam Deputy Speaker, I will make a statement on support for children and young people with special educational needs and disabilities.

Last month the National Audit Office confirmed what families have known for years: the system is not working. Demand for education, health and care plans has risen by over 140 per cent since 2015, deficits in council high needs budgets are forecast to reach £3.3 billion by 2026, and parents are waiting longer than ever for assessments.

This government will not shy away from that challenge. At the Budget we increased high needs funding by nearly £1 billion for 2025-26, and we are investing in new places so that children can be taught closer to home.

But money alone will not fix the system. We will reform it, with a clear focus on inclusion in mainstream schools and on early intervention.

We will strengthen the role of inclusion in school accountability, including through Ofsted's new report cards. We will improve teacher training so that every teacher is equipped to support pupils with SEND. And we will work with the NHS to improve access to therapies and assessments.

We will also make sure that special schools are there for children who need them. Councils have been told that they can continue to plan new special school places with confidence.

We will not rush this. Reform will be developed with parents, with schools and with councils, and we will set out more detail in the new year.

I commend this statement to the House.
"""),
    dict(
        key="ws_high_needs_2025", type="written_statement", political=True,
        slug="high-needs-funding-for-2025-to-2026",
        title="High needs funding for 2025 to 2026",
        desc="Written statement to Parliament on provisional high needs funding allocations for 2025 to 2026.",
        date="2024-12-18 11:00", delivered="2024-12-18 00:00", location="House of Commons",
        people=["mckinnell"], roles=["school_standards"], speaker="mckinnell", taxons=["send"],
        body="""
Today I am confirming provisional high needs funding allocations for the 2025 to 2026 financial year, and setting out how the additional funding announced at the Autumn Budget will be distributed.

High needs funding will rise to £11.9 billion in 2025 to 2026, an increase of nearly £1 billion compared with this year. This funding supports children and young people with special educational needs and disabilities in schools, colleges and alternative provision.

Allocations to local authorities will be made through the high needs national funding formula:

- every local authority will receive an increase of at least 7 per cent per head of its population aged 2 to 18
- the formula will continue to include:
  - a basic entitlement for pupils in special schools
  - proxy factors for need, such as health and disability data and measures of deprivation
  - a historic spend factor reflecting past patterns of provision
- increases will be capped at 10 per cent per head, so that funding is distributed fairly

I recognise that many local authorities continue to face significant pressures, and that the rising cost of independent specialist placements is a particular concern.

High needs capital allocations for 2025 to 2026, announced earlier this month, will help local authorities create around 10,000 new places in mainstream and special schools.

From April 2025, local authorities will also be able to draw on nearly £60 million of additional funding to support young people with SEND in further education colleges.

We will set out our plans for wider reform of the system in due course. We will also consult in the new year on changes to the high needs national funding formula from 2026 to 2027.

Copies of the allocation tables will be placed in the libraries of both Houses.
"""),
    dict(
        key="expert_group", type="press_release", political=True,
        slug="expert-group-to-advise-on-inclusion-in-mainstream-schools",
        title="Expert group to advise on inclusion in mainstream schools",
        desc="Teachers, leaders and specialists will advise ministers on how mainstream schools can better "
             "support pupils with special educational needs and disabilities.",
        date="2025-01-22 00:01", people=["mckinnell"], roles=["school_standards"], taxons=["send"],
        body="""
A new expert group of teachers, school leaders and specialists will advise the government on how mainstream schools can be more inclusive for pupils with special educational needs and disabilities (SEND).

The group, chaired by the chief executive of a multi-academy trust, will look at what works in schools that already support pupils with a wide range of needs, and how that practice can be spread across the country.

It will consider how teachers can be better prepared to support pupils with SEND, from initial teacher training through to ongoing professional development, and how specialist staff can work alongside mainstream teachers.

Catherine McKinnell, Minister for School Standards, said:

> Mainstream schools should be places where every child belongs and can thrive. Many schools are already doing brilliant work, and this group will help us learn from them so that inclusive practice becomes the norm rather than the exception.

The group will:

- advise on what good inclusive practice looks like in mainstream schools
- identify the barriers that stop schools supporting pupils with SEND well
- recommend how teacher training and professional development can be strengthened
- report to ministers by the summer

The work will inform the government's plans for reform, which aim to put more emphasis on early intervention and on support in mainstream settings.

## Notes for editors

- Membership of the group includes serving headteachers, special educational needs co-ordinators, a parent representative and experts in autism and in speech and language.
- The group is separate from the Neurodivergence Task and Finish Group, which is considering support for neurodivergent pupils.
- The government is investing nearly £1 billion more in high needs funding in 2025-26.
"""),
    dict(
        key="phillipson_speech", type="speech", political=True,
        slug="education-secretary-speech-on-inclusion-in-mainstream-schools",
        title="Education Secretary speech on inclusion in mainstream schools",
        desc="Bridget Phillipson sets out why reform of support for children with special educational needs "
             "must start in mainstream schools.",
        date="2025-02-05 12:00", delivered="2025-02-05 10:30", location="London",
        people=["phillipson"], roles=["sos_education"], speaker="phillipson", taxons=["send"],
        body="""
Thank you for having me here today.

I want to talk about something that matters to almost every family and every school in this country: how we support children with special educational needs and disabilities.

When I became Education Secretary, I was clear that this system needed more than a sticking plaster. Too many parents have told me about years spent fighting for help, about children out of school while they waited for a place, and about support that arrived too late to make a difference.

The National Audit Office was blunt about the scale of the challenge. Spending has risen sharply, but outcomes have not improved, and confidence has fallen.

So let me be clear about our direction. Reform must start in mainstream schools. Most children with SEND are already taught in mainstream classrooms, and most teachers want to do right by them. What they need is the time, training and specialist help to do it.

That is why we are investing in new specialist units and resourced provision in mainstream schools, and why we will make inclusion a stronger part of how schools are inspected.

It is why we will improve training for every new teacher, so that supporting pupils with SEND is part of the job from day one, not an optional extra.

And it is why we are working with the NHS to get speech and language therapists, occupational therapists and educational psychologists into schools, rather than leaving families to wait months for an appointment.

Special schools will continue to play a vital role. For some children, a specialist setting will always be the right choice, and we will make sure those places are there.

But we cannot carry on with a system where the only route to support is a legal document and a long wait. We will work with parents, teachers and councils to design something better, and we will take the time to get it right.

Thank you.
"""),
    dict(
        key="local_offer", type="press_release", political=True,
        slug="parents-to-get-clearer-information-on-send-support-in-their-area",
        title="Parents to get clearer information on SEND support in their area",
        desc="Councils will publish clearer, more consistent information about the support available for "
             "children with special educational needs and disabilities.",
        date="2025-03-12 00:01", people=["daby"], roles=["children_families"], taxons=["send"],
        body="""
Families of children with special educational needs and disabilities (SEND) will find it easier to understand what support is available locally, under plans to improve the information councils publish.

Every council must already publish a local offer describing the education, health and care services available in its area. But parents have told the government that local offers vary widely, are often out of date and can be hard to find.

The department will work with councils and parent carer forums to improve local offers. Under the plans, the government will:

- publish a common structure for local offers, so that families can compare what is available
- require councils to review their local offer at least once a year
- fund parent carer forums to test new local offers with families before they are published
- create a national search tool linking to every council's local offer by 2026

Minister for Children and Families Janet Daby said:

> Parents should not have to spend hours searching for basic information about the help their child can get. Clear, up-to-date information is the first step to restoring families' trust in the system.

Councils will also be encouraged to include information about waiting times for assessments and therapies, and about how to raise concerns or make a complaint.

The department expects every council to have updated its local offer within 12 months of the new structure being published.

## Background

- The local offer was introduced by the Children and Families Act 2014.
- The department is providing £2.3m in additional funding for parent carer forums in 2025-26.
- Parent carer forums exist in every local area in England.
"""),
    dict(
        key="article_phillipson", type="authored_article", political=True,
        slug="every-child-with-send-should-be-able-to-learn-close-to-home-article-by-bridget-phillipson",
        title="Every child with SEND should be able to learn close to home: article by Bridget Phillipson",
        desc="The Education Secretary writes about why support for children with special educational needs "
             "must start in local schools.",
        date="2025-03-30 08:00", delivered="2025-03-30 00:00", location=None,
        people=["phillipson"], roles=["sos_education"], speaker="phillipson", taxons=["send"],
        body="""
As a mum, I know that every parent wants the same thing: for their child to be happy, safe and able to make the most of their talents.

For parents of children with special educational needs and disabilities, that simple hope too often becomes a battle. I have heard from families who have waited more than a year for an assessment, who have given up work to home-educate a child who could not get a school place, and who have spent thousands of pounds on legal fees.

That is not a system working for anyone. It is not working for children, for parents, for teachers or for councils, whose high needs deficits now run into billions of pounds.

We have started to put it right. This year we are putting nearly £1 billion more into support for children with SEND, and we are funding thousands of new places, many of them in specialist units within mainstream schools.

But I want to be honest with parents: fixing this will take time. We inherited a system that had been allowed to drift for years, and the answer is not another quick fix.

Our reforms will rest on a simple idea. Most children with SEND should be able to go to a good local school, with the right support, alongside their friends. That means better training for teachers, more specialists working in schools, and a stronger focus on inclusion when schools are inspected.

It also means making sure that special schools are there for children with the most complex needs. Nobody is talking about closing special schools. They do a brilliant job and will continue to do so.

We will work with parents every step of the way. You know your children best, and your voices will shape what comes next.
"""),
    dict(
        key="specialist_units", type="press_release", political=True,
        slug="funding-for-new-specialist-units-in-mainstream-schools",
        title="Funding for new specialist units in mainstream schools",
        desc="Councils and schools will be able to bid for funding to open specialist units and resourced "
             "provision in mainstream schools.",
        date="2025-05-14 00:01", people=["mckinnell"], roles=["school_standards"], taxons=["send"],
        body="""
Schools and councils will be able to bid for a share of £120 million to open new specialist units and resourced provision in mainstream schools, the Department for Education has announced.

The funding will support schools to create dedicated spaces and staffing for pupils with special educational needs and disabilities (SEND), so that children who need extra support can learn in a mainstream school with their peers for at least part of the day.

Bids will open from September 2025, with the first new units expected to open in the 2026 to 2027 academic year.

Catherine McKinnell, Minister for School Standards, said:

> Specialist units in mainstream schools can offer the best of both worlds: expert support for children who need it, and the chance to be part of their local school community.
> This funding will help more schools offer that choice to families, and help councils plan places closer to home.

The department expects successful bids to:

- create at least 8 new places in each unit
- set out how specialist staff will work with teachers across the school
- show how the council will work with parents to plan places

Priority will be given to areas with the greatest shortage of local specialist places and where children currently travel the furthest to school.

## Background

1. Around 1 in 10 mainstream secondary schools currently has a specialist unit or resourced provision.
2. Funding can be used for building work, adaptations and equipment, but not for ongoing staffing costs, which will continue to be met from high needs budgets.
3. The department plans to publish guidance for schools setting up new units later this year.
"""),
    dict(
        key="white_paper", type="press_release", political=True,
        slug="spending-review-funding-to-support-reform-of-send-system",
        title="Spending Review funding to support reform of SEND system",
        desc="Schools budget rises and capital for new specialist places confirmed ahead of a white paper "
             "setting out reform of support for special educational needs.",
        date="2025-06-11 16:00", people=["phillipson"], roles=["sos_education"], taxons=["send"],
        topical_events=["spending_review_2025"],
        body="""
The government will set out its plans to reform support for children and young people with special educational needs and disabilities (SEND) in a Schools White Paper, to be published in autumn 2025, after the Spending Review confirmed a £4.7 billion increase to the core schools budget by 2028-29.

The Spending Review also confirms capital funding over the next four years to create new specialist places, including in mainstream schools, with allocations to councils to be confirmed later this year.

The white paper will focus on:

- improving support in mainstream schools, so that more children can have their needs met close to home
- making sure specialist places are available for the children who need them
- restoring families' trust that their child will get help at the right time
- putting the high needs system on a sustainable footing

Education Secretary Bridget Phillipson said:

> We inherited a SEND system that was failing children and families, with councils facing deficits and parents forced to fight for support. Reform has to be done properly, working with families, and the white paper will set out how we will do that.

Ahead of the white paper, the department will continue to work with parents, schools, councils, health partners and disabled people's organisations to shape the reforms. Ministers have met more than 100 organisations since taking office.

The government has also confirmed that the statutory override, which keeps high needs deficits off council balance sheets, will be extended to March 2028, giving councils stability while reforms are developed.

""" + CONTACT_BLOCK + """
"""),
    dict(
        key="nasen_speech", type="speech", political=False,
        slug="speech-at-nasen-live-on-improving-send-support-in-schools",
        title="Speech at nasen Live on improving SEND support in schools",
        desc="The department's director for SEND and alternative provision speaks to special educational needs "
             "co-ordinators about early identification and support.",
        date="2025-06-19 14:00", delivered="2025-06-19 10:00", location="NEC, Birmingham",
        speaker_without_profile="Director for SEND and Alternative Provision, Department for Education",
        explanation="Original script, may differ from delivered version", taxons=["send"],
        body="""
Good morning, and thank you to nasen for inviting me.

It is a privilege to speak to a room full of special educational needs co-ordinators. You are the people who make inclusion real in schools every day, often with too little time and too few resources.

I want to use my time this morning to talk about three things: early identification, the role of the SENCO, and what reform will mean for your schools.

First, early identification. We know that the earlier we spot a need, the more we can do about it. The Nuffield Early Language Intervention is now used in more than 11,000 schools, and evidence shows it helps children make real progress. We want more of that kind of targeted, evidence-based support, in the early years and in primary schools.

Second, the SENCO role. Many of you have told us that you spend more time on paperwork than on supporting pupils and colleagues. The new national professional qualification for SENCOs, which became mandatory for new SENCOs from September 2024, is designed to give you the leadership skills to shape practice across the whole school. We are also looking at how we can reduce the administrative burden of the role.

Third, reform. Ministers have been clear that they want to build a system in which mainstream schools are supported to include more children, with specialist provision for those who need it. The department expects to say more about this in the Schools White Paper later this year, and we want your experience to shape it.

We are already working with schools in the Partnerships for Inclusion of Neurodiversity in Schools programme, which brings health and education professionals into mainstream classrooms. We are learning a great deal from those schools, and from you.

Thank you for everything you do.
"""),
    dict(
        key="response_ehcp", type="government_response", political=False,
        slug="response-to-reports-about-education-health-and-care-plans",
        title="Response to reports about education, health and care plans",
        desc="The Department for Education responds to media reports about changes to support for pupils "
             "with special educational needs.",
        date="2025-06-30 18:30", taxons=["send"],
        body="""
We are aware of reports today suggesting that the government plans to remove the legal right to an education, health and care plan for some children.

A Department for Education spokesperson said:

> No decisions have been taken. We are clear that we want to rebuild parents' trust in the system, and any reforms will be developed with families and will make sure children get the support they need.
> We will not speculate on the contents of the Schools White Paper, which will be published in the autumn.

Education, health and care plans are legal documents that set out a child or young person's special educational needs and the support that must be provided to meet them. Around 480,000 children and young people currently have a plan, a number that has more than doubled since 2015.

The government has already taken action to improve support, including:

- increasing high needs funding by nearly £1 billion in 2025-26
- investing in new specialist places, including units in mainstream schools
- continuing the Partnerships for Inclusion of Neurodiversity in Schools programme
- extending the statutory override for high needs deficits to March 2028

The department has met more than 100 organisations representing parents, schools and councils since July 2024, and that engagement will continue over the summer.

Any proposals for reform will be set out in the white paper and will be subject to consultation.

Parents who are worried about their child's support should speak to their school or their council's SEND team. Information about the support available in each area is published in the council's local offer.
"""),
    dict(
        key="schools_funding_2025", type="press_release", political=True,
        slug="schools-to-receive-2-3-billion-funding-boost-next-year",
        title="Schools to receive £2.3 billion funding boost next year",
        desc="Core schools budget to rise to £63.9 billion in 2025-26, including extra funding for pupils with "
             "special educational needs.",
        date="2024-11-28 09:30", people=["mckinnell"], roles=["school_standards"], taxons=["education"],
        body="""
Schools in England will receive an extra £2.3 billion next year, taking the core schools budget to £63.9 billion in the 2025 to 2026 financial year, the Department for Education has confirmed.

The increase includes nearly £1 billion for high needs, to support pupils with special educational needs and disabilities, and £1.3 billion for mainstream schools.

Mainstream schools will receive allocations through the national funding formula, with every school seeing an increase in per-pupil funding. The formula will continue to target extra money at schools with more disadvantaged pupils.

Schools Minister Catherine McKinnell said:

> This government is investing in our schools so that every child has the chance to achieve and thrive. This funding will help schools deliver high and rising standards, and give children with special educational needs more support in the classroom.

The department will also:

- publish indicative allocations for every school in the new year
- provide additional funding to help schools meet the cost of employer national insurance contributions
- continue to fund the teachers' pay additional grant in the 2025 to 2026 financial year

Councils will receive their school funding allocations through the dedicated schools grant in December, and will then agree local formulae with their schools forums.

The core schools budget covers funding for mainstream schools, high needs and early years, but excludes capital funding and the pupil premium.

## Background

1. The £2.3 billion increase was announced at the Autumn Budget on 30 October 2024.

2. Per-pupil funding in mainstream schools will rise by at least 1 per cent, on top of the teachers' pay additional grant.
"""),
    dict(
        key="teacher_pay", type="press_release", political=True, distractor=True,
        slug="teachers-to-receive-5-5-pay-award",
        title="Teachers to receive 5.5% pay award",
        desc="The government accepts the School Teachers' Review Body recommendation in full for the 2024 to "
             "2025 academic year.",
        date="2024-07-29 15:30", people=["phillipson"], roles=["sos_education"], taxons=["teaching"],
        body="""
Teachers and school leaders in England will receive a 5.5% pay award from September, after the government accepted the recommendation of the School Teachers' Review Body (STRB) in full.

The award applies to all pay points and allowances for teachers and leaders in maintained schools. Academy trusts, which set their own pay, are expected to follow the award.

Starting salaries for new teachers will rise to at least £31,650 outside London, and experienced teachers on the main pay range will see their pay increase by more than £2,000.

Education Secretary Bridget Phillipson said:

> Teachers are the foundation of our schools. After years of falling morale and too many leaving the profession, this pay award is a first step in resetting the relationship between government and the teaching workforce.
> We will work with the profession to recruit 6,500 new teachers and to make teaching an attractive career once again.

The award will be funded through an additional £1.2 billion for schools in the 2024 to 2025 financial year, paid through a teachers' pay additional grant. Schools will be expected to meet the remaining cost from their existing budgets.

The STRB's report, published today, found that teacher vacancy rates have doubled since before the pandemic and that recruitment to initial teacher training has fallen below target in most secondary subjects.

The government will also:

- ask the STRB to make recommendations for 2025 to 2026 in the autumn
- work with unions and employers on workload and flexible working
- review the approach to teacher training bursaries

## Background

- The pay award will be backdated to 1 September 2024 for teachers who receive it later.
- Support staff pay is set separately through the National Joint Council.
"""),
    dict(
        key="breakfast_clubs", type="news_story", political=True, distractor=True,
        slug="first-750-schools-to-offer-free-breakfast-clubs-from-april",
        title="First 750 schools to offer free breakfast clubs from April",
        desc="Early adopter schools named as the government begins rolling out free breakfast clubs in every "
             "primary school.",
        date="2025-02-24 00:01", people=["morgan"], roles=["early_education"], taxons=["school_life"],
        body="""
Pupils at 750 primary schools will be able to attend a free breakfast club from April, as the first schools to join the government's breakfast club programme were confirmed today.

The early adopter schools, spread across every region of England, will receive funding to offer a free breakfast and at least 30 minutes of activities before the start of the school day.

Schools were chosen from more than 4,000 that applied, with priority given to those with higher levels of disadvantage and those that do not yet offer a breakfast club.

Early Education Minister Stephen Morgan said: “A good breakfast sets children up for the school day, helping them to concentrate and learn. Free breakfast clubs will also help working parents, giving families more choice and saving them money.”

Under the programme, schools will:

- offer a free, healthy breakfast to every pupil who wants one
- run the club for at least 30 minutes before lessons start
- decide locally how to staff the club and what activities to offer

The early adopter phase will run until the end of the summer term, and the department will use what it learns to plan the national roll-out. Legislation in the Children's Wellbeing and Schools Bill will require every state-funded primary school in England to offer a free breakfast club.

Schools taking part will receive an initial payment to cover set-up costs such as kitchen equipment, and ongoing funding for each breakfast served.

The department is investing £30 million in the early adopter phase in the 2025 to 2026 financial year.
"""),
    # 2022 to 2024 Sunak Conservative government
    dict(
        key="ofsted_area_send", type="news_story", political=False, orgs=["ofsted", "cqc"],
        slug="new-area-send-inspections-to-start-in-january",
        title="New area SEND inspections to start in January",
        desc="Ofsted and the Care Quality Commission publish a new framework for inspecting local area "
             "arrangements for children with special educational needs and disabilities.",
        date="2022-11-29 10:00",
        body="""
Ofsted and the Care Quality Commission (CQC) have today published the framework and handbook for a new programme of area inspections of provision for children and young people with special educational needs and disabilities (SEND).

The new inspections will begin in January 2023. They will look at how well local partners, including councils, schools and health services, work together to improve the experiences and outcomes of children with special educational needs.

For the first time, inspections will also look at how local areas commission and oversee alternative provision.

Under the new framework:

- inspections will take place at least every 5 years, with more frequent engagement with each area in between
- inspectors will spend more time talking to children, young people and their families
- there will be 3 possible inspection outcomes, replacing the current system of written statements of action
- areas with widespread or systemic failings will be monitored more closely

The changes follow a consultation earlier this year, which received over 1,700 responses, and a series of pilot inspections.

Inspection reports will be published on the Ofsted website, and each report will include a letter written for children and young people in the area.

Ofsted's National Director for Education said: “Children with SEND and their families deserve a system that works together to meet their needs. These new inspections will put their experiences at the heart of what we do.”

The CQC's Chief Inspector of Primary and Community Care said: “Health services have a vital role in supporting children with SEND. Joint inspection helps us see the whole picture of what life is like for these children and their families.”
"""),
    dict(
        key="high_needs_2023_24", type="press_release", political=False,
        slug="high-needs-budget-to-rise-to-10-billion-next-year",
        title="High needs budget to rise to £10.1 billion next year",
        desc="Councils will receive an extra £400 million for children with special educational needs and "
             "disabilities, on top of the increases already announced.",
        date="2022-12-16 11:00", people=["keegan"], roles=["sos_education"], taxons=["send"],
        body="""
Councils will receive an additional £400 million for high needs in the 2023 to 2024 financial year, following the Autumn Statement, taking total high needs funding to £10.1 billion.

The extra money is on top of the £570 million increase already announced for next year, meaning high needs budgets will rise by nearly £1 billion, or more than 10 per cent, compared with 2022 to 2023.

\ufeff

High needs funding is provided to local authorities through the <abbr title="dedicated schools grant">DSG</abbr> and supports pupils with an <abbr title="education, health and care">EHC</abbr> plan, as well as pupils who need alternative provision.

Every local authority will see an increase of at least 5 per cent per head in its high needs allocation, with some receiving increases of up to 7 per cent.

Education Secretary Gillian Keegan said:

> Children with special educational needs deserve the same chance as every other child to thrive at school and beyond. This extra funding will help councils meet rising demand and put in place the support families are asking for.

Local authorities are expected to use the funding to:

- meet the cost of rising numbers of education, health and care plans
- support mainstream schools with the additional costs of pupils with complex needs
- maintain the quality of specialist provision as costs rise

## Notes to editors

1. Updated allocations will be published on GOV.UK in the coming days.

2. The department is also increasing funding for mainstream schools by £1.6 billion in 2023 to 2024.

3. The SEND and alternative provision improvement plan will be published early next year, setting out how the government will respond to the green paper consultation.
"""),
    dict(
        key="dbv", type="press_release", political=False,
        slug="councils-to-receive-support-to-improve-send-services-and-reduce-deficits",
        title="Councils to receive support to improve SEND services and reduce deficits",
        desc="The Delivering Better Value in SEND programme will work with 55 local authorities to improve "
             "outcomes and put high needs budgets on a sustainable footing.",
        date="2023-01-12 09:30", taxons=["send"],
        body="""
Fifty-five local authorities will receive tailored support and funding to improve services for children and young people with special educational needs and disabilities (SEND) through the Delivering Better Value in SEND programme.

The programme will help councils identify the changes that would have the biggest impact on outcomes for children, such as earlier support in mainstream schools and better planning of specialist places. It will also help councils to bring their high needs spending back into balance.

Each council taking part can apply for a grant of up to £1 million to put its plans into practice. The programme, worth £85 million in total, is run on behalf of the Department for Education by Newton Europe, working with the Chartered Institute of Public Finance and Accountancy (CIPFA).

Councils have been chosen because they face significant but manageable deficits in their high needs budgets. Those with the largest deficits are supported separately through the Safety Valve programme.

The first group of 20 councils began work in the summer, with a further 35 joining in three waves over the coming months. Each council will carry out a detailed review of its local data and case files, working with parents, schools and health partners, before setting out a plan for change.

## Notes to editors

1. The Delivering Better Value in SEND programme runs from 2022 to 2025 and forms part of the government's response to rising demand for education, health and care plans.

2. Findings from the programme will be shared with all councils so that areas outside the programme can learn from the work.

3. The programme complements the Safety Valve programme, which has reached agreements with 34 local authorities with the highest percentage deficits.

4. High needs funding for the 2023 to 2024 financial year is rising by £1 billion, an increase of more than 10 per cent.
"""),
    dict(
        key="improvement_plan", type="policy_paper", political=True,
        slug="send-and-alternative-provision-improvement-plan",
        title="SEND and alternative provision improvement plan",
        desc="How the government will create a single national system for children and young people with "
             "special educational needs and disabilities (SEND) and in alternative provision.",
        date="2023-03-02 09:30", taxons=["send"],
        attachments=[
            {"attachment_type": "html", "id": "send-ap-improvement-plan-html",
             "title": "SEND and alternative provision improvement plan",
             "url": "/government/publications/send-and-alternative-provision-improvement-plan/"
                    "send-and-alternative-provision-improvement-plan",
             "content_type": "text/html", "accessible": True},
            {"attachment_type": "file", "id": "SEND_AP_improvement_plan_easy_read.pdf",
             "title": "SEND and alternative provision improvement plan: easy read",
             "url": "https://assets.publishing.service.gov.uk/media/fixture0000000000000001/"
                    "SEND_AP_improvement_plan_easy_read.pdf",
             "content_type": "application/pdf", "filename": "SEND_AP_improvement_plan_easy_read.pdf",
             "file_size": 2411520, "number_of_pages": 32, "accessible": True,
             "command_paper_number": "CP 800", "isbn": "", "unique_reference": "",
             "unnumbered_command_paper": False, "unnumbered_hoc_paper": False, "hoc_paper_number": ""},
        ],
        body="""
This improvement plan sets out the government's mission for the special educational needs and disabilities (SEND) and alternative provision system in England. It responds to the consultation on the SEND and alternative provision green paper, published in March 2022.

The plan explains how we will:

- establish a national system with national standards for how needs are identified and met
  - standards will cover the support expected in mainstream settings
  - they will also set out when a specialist placement is appropriate
- create local SEND and alternative provision partnerships that plan and commission support across education, health and care
- introduce a standardised template and process for education, health and care plans, with digital plans from 2025
- make alternative provision an integral part of local SEND systems, with a three-tier model of support
- strengthen accountability through new local inclusion dashboards and an updated Ofsted and CQC area inspection framework

## Funding and delivery

The government is investing £70 million in a Change Programme that will test the reforms with up to 9 regional partnerships before they are rolled out nationally. We have also approved 33 new special free schools and will fund a new leadership level qualification for special educational needs co-ordinators.

We will train up to 5,000 more early years special educational needs co-ordinators (SENCOs) and will fund an additional 200 educational psychologists from 2024.

## Timeline

We aim to publish national standards by the end of 2025, with new legislation to follow when parliamentary time allows. A national implementation board, chaired by ministers, will oversee progress and report on it publicly.

An easy read version and a summary for children and young people are also available.
"""),
    dict(
        key="improvement_plan_news", type="press_release", political=True,
        slug="thousands-more-specialist-places-and-earlier-support-in-send-improvement-plan",
        title="Thousands more specialist places and earlier support in SEND improvement plan",
        desc="New national standards and a £70 million Change Programme will improve support for children "
             "with special educational needs and disabilities.",
        date="2023-03-02 00:01", people=["keegan", "coutinho"], roles=["sos_education", "children_wellbeing"],
        taxons=["send"],
        body="""
Children and young people with special educational needs and disabilities (SEND) will benefit from earlier support and more specialist places, under plans published today to create a national system for SEND and alternative provision.

The SEND and alternative provision improvement plan responds to the consultation on last year's green paper. It sets out how national standards will give families clarity about the support their child should receive, whichever part of the country they live in.

The plan is backed by £70 million for a Change Programme, which will test the reforms in around 30 local areas before they are rolled out, and by the approval of 33 new special free schools, which will create more than 4,000 new places.

Education Secretary Gillian Keegan said:

> Every child deserves a world-class education, and families must be able to trust that support will be there when their child needs it.
> This plan will make the system fairer and easier to navigate, with more support in mainstream schools and more specialist places for those who need them.

Children and Families Minister Claire Coutinho said:

> Parents told us loud and clear that they are tired of fighting for help. These reforms are about getting the right support to children earlier, so that problems do not escalate.

## Background

1. The government is increasing high needs funding to £10.1 billion in 2023-24, an increase of over 50 per cent since 2019-20.
2. Up to 5,000 early years SENCOs will be trained through a new accredited level 3 qualification.
3. A new leadership level national professional qualification will replace the current mandatory qualification for school SENCOs.
4. National standards will be published by 2025, with the Change Programme reporting on its findings as the reforms are tested.
"""),
    dict(
        key="safety_valve", type="press_release", political=False,
        slug="five-more-councils-agree-plans-to-eliminate-high-needs-deficits",
        title="Five more councils agree plans to eliminate high needs deficits",
        desc="New Safety Valve agreements will support councils to reform SEND services and return their high "
             "needs budgets to balance.",
        date="2023-03-21 10:00", taxons=["send"],
        body="""
Five more local authorities have signed Safety Valve agreements with the Department for Education, bringing the total number of councils in the programme to 39.

Under the agreements, the department will provide additional funding towards each council's historic <abbr title="dedicated schools grant">DSG</abbr> deficit, in return for a plan to reform local services for children and young people with special educational needs and disabilities and reach an in-year balanced budget.

The five councils will receive a combined £186 million over the next five years, paid in instalments as long as they continue to meet the conditions of their agreement. Payments will stop if a council does not make sufficient progress.

Each plan is different, but all focus on:

- supporting more children in mainstream schools, with outreach from specialist staff
- opening new special school places closer to home, reducing the use of costly independent placements
- improving early identification of need, including in early years settings
- reviewing education, health and care plans so that support keeps pace with a child's needs

Councils in the programme report regularly to the department, and agreements are published so that families and schools can see what each council has committed to.

## Background

- Safety Valve agreements were first introduced in 2020-21 for the local authorities with the highest percentage <abbr title="dedicated schools grant">DSG</abbr> deficits.
- The department has now committed more than £1 billion through the programme.
- Councils not in the programme can seek support through Delivering Better Value in SEND, which is working with 55 local authorities.
- The statutory override on <abbr title="dedicated schools grant">DSG</abbr> deficits has been extended to March 2026.
"""),
    dict(
        key="ey_senco", type="news_story", political=False,
        slug="early-years-staff-to-train-as-send-specialists",
        title="Early years staff to train as SEND specialists",
        desc="Up to 7,000 early years practitioners will take a new level 3 qualification for special "
             "educational needs co-ordinators.",
        date="2023-06-27 10:00", people=["coutinho"], roles=["children_wellbeing"], taxons=["send"],
        body="""
Nursery and childminder staff in England can now apply to train as early years special educational needs co-ordinators (SENCOs) through a new, fully funded level 3 qualification.

Up to 7,000 practitioners will be trained by August 2024, helping settings spot signs of special educational needs and disabilities at the earliest opportunity and put support in place before a child starts school.

The qualification, which takes around 6 months to complete alongside work, covers:

- identifying needs and working with parents
- planning support and reviewing progress
- working with health visitors, speech and language therapists and other professionals
- supporting children as they move into reception

The training is part of the SEND and alternative provision improvement plan, which committed to increasing the number of trained early years SENCOs. It will be delivered by an accredited provider in every region, with online and face-to-face options.

Settings that release staff for the training will receive a payment to help cover the cost of backfill. Childminders who work alone can complete the course flexibly in the evenings.

Children and Families Minister Claire Coutinho said: “We know that the earlier we identify a child's needs, the better their outcomes will be. These new specialists will make a real difference to thousands of young children and their families.”

The department will also publish guidance for settings on how to make the best use of a qualified SENCO, including how the role links with local authority area SENCOs.

Applications open today and close on 31 October 2023. Further cohorts are planned for 2024.
"""),
    dict(
        key="special_free_schools_2023", type="press_release", political=True,
        slug="fifteen-new-special-free-schools-to-create-over-2000-places",
        title="Fifteen new special free schools to create over 2,000 places",
        desc="New special schools approved in areas with the greatest need for specialist places for children "
             "with special educational needs.",
        date="2023-06-08 00:01", people=["keegan"], roles=["sos_education"], taxons=["send"],
        body="""
Fifteen new special free schools will open across England, creating more than 2,000 places for children and young people with special educational needs and disabilities (SEND).

The schools have been approved in areas where councils told the department they need more specialist places, and will add to the 33 special free schools announced in March as part of the SEND and alternative provision improvement plan.

Each school will be run by a trust with a strong record of supporting pupils with complex needs. Several will specialise in supporting autistic children and those with social, emotional and mental health needs, which are the fastest growing areas of need.

Education Secretary Gillian Keegan said:

> Every child deserves a school place that meets their needs, close to home. These new schools will mean thousands more children can get the specialist support they need, and will ease the pressure on families who currently travel long distances each day.

The department expects the first of the new schools to open in 2025, with all 15 open by 2027. Until then, councils will continue to use high needs capital funding to expand provision in existing schools.

## Background

1. The new schools will be located in Bedford, Bolton, Bradford, Cheshire East, Derbyshire, Dudley, Gateshead, Kent, Lambeth, Leicestershire, Norfolk, Northamptonshire, Suffolk, Surrey and Wiltshire.
2. More than 100 special free schools have opened since 2010.
3. Councils can also propose new special schools through the local authority presumption route.
4. The government is investing £2.6 billion between 2022 and 2025 to deliver new places and improve existing provision for children with SEND.
"""),
    dict(
        key="dhsc_autism", type="press_release", political=False, orgs=["dhsc"],
        slug="funding-to-speed-up-autism-assessments-for-children-and-young-people",
        title="Funding to speed up autism assessments for children and young people",
        desc="£4.2 million for NHS services to reduce waiting times for autism assessments, helping children "
             "with special educational needs get support sooner.",
        date="2023-07-20 00:01", people=["caulfield"], roles=["mental_health"],
        body="""
Children and young people waiting for an autism assessment will be seen sooner, thanks to £4.2 million of funding to help NHS services reduce waiting lists, the Department of Health and Social Care has announced.

The funding will be shared across integrated care boards in England to test new ways of assessing and supporting autistic people, including assessments carried out in schools and community settings rather than hospital clinics.

Waiting times for autism assessments have risen sharply in recent years, with many families waiting more than a year. Delays can mean children with special educational needs go without support at school while they wait for a diagnosis.

The funding will be used to:

- increase the number of staff who can carry out assessments
- test multidisciplinary assessment hubs bringing together paediatricians, psychologists and speech and language therapists
- improve the support available to families before and after an assessment

Integrated care boards will be expected to work with local education partners so that schools can put in place support for pupils with special educational needs without waiting for a diagnosis.

Minister for Mental Health Maria Caulfield said:

> No child should have to wait years for an autism assessment. This funding will help the NHS cut waiting times and make sure children get the support they need at home and at school.

The government has also published updated guidance for NHS services on how to assess autistic people, which sets out the timescales services should aim for.

## Background

- NHS England will publish data on autism waiting times every month.
- The funding forms part of the government's national strategy for autistic children, young people and adults.
"""),
    dict(
        key="change_programme", type="press_release", political=False,
        slug="change-programme-partnerships-begin-testing-send-reforms",
        title="Change Programme partnerships begin testing SEND reforms",
        desc="Nine regional partnerships covering 32 local areas will test national standards and new local "
             "inclusion plans for special educational needs and disabilities.",
        date="2023-11-28 09:30", people=["johnston"], roles=["children_wellbeing"], taxons=["send"],
        body="""
Nine regional partnerships, covering 32 local areas, have begun testing the reforms set out in the SEND and alternative provision improvement plan through the £70 million Change Programme.

Each partnership is led by a regional expert partner and brings together councils, health services, schools, colleges and parent carer forums. Together they will test the key parts of the new system, including:

- local inclusion plans that set out how education, health and care will meet need in each area
- a standardised education, health and care plan template and process
- new approaches to mediation, with the aim of reducing the number of appeals to the tribunal
- a three-tier model of alternative provision, with more support in mainstream schools

The department will use evidence from the partnerships to refine the national standards before they are introduced. The programme will run until March 2025, and partnerships will share what they learn with every council in their region.

Children, Families and Wellbeing Minister David Johnston said:

> The Change Programme is about making sure our reforms work in practice, not just on paper. By testing them with families, schools and councils, we can get them right before they are rolled out across the country.

Alternative provision specialist task forces will also be set up in 22 areas, bringing mental health professionals, family workers and speech and language therapists into alternative provision settings.

The department will publish an evaluation of the programme, including the views of families who took part, once testing is complete.

<div class="call-to-action">
<p>Parents and young people in the partnership areas can find out how to take part on the <a href="/government/publications/send-and-alternative-provision-change-programme">Change Programme page</a>.</p>
</div>
"""),
    dict(
        key="ws_send_update_2024", type="written_statement", political=True,
        slug="special-educational-needs-and-alternative-provision-update",
        title="Special educational needs and alternative provision: update",
        desc="Written statement to Parliament on progress with the SEND and alternative provision improvement "
             "plan.",
        date="2024-03-19 11:30", delivered="2024-03-19 00:00", location="House of Commons",
        people=["johnston"], roles=["children_wellbeing"], speaker="johnston", taxons=["send"],
        body="""
Today I am updating the House on progress in delivering the special educational needs and disabilities (SEND) and alternative provision improvement plan, which the government published in March 2023.

The plan committed us to a national system in which children and young people have their needs identified early and met without delay. One year on, I want to set out what has been achieved and what will happen next.

The Change Programme is now live in 32 local areas, testing national standards, local inclusion plans and a standardised education, health and care plan template. Early findings will be published in the summer, and the department will use them to refine the reforms.

We are investing £2.6 billion between 2022 and 2025 in new specialist and alternative provision places. In addition, more than 60 special free schools are now in the pipeline and will open over the coming years.

On the workforce, over 4,000 early years practitioners have begun the new level 3 SENCO qualification, and the first 400 trainee educational psychologists funded under our expanded programme started their training in September 2023.

High needs funding will reach £10.5 billion in the 2024 to 2025 financial year, an increase of over 60 per cent since 2019 to 2020. We recognise that many councils still face significant deficits, and the Safety Valve and Delivering Better Value programmes will continue to support them.

We will publish national SEND and alternative provision standards, starting with the first standards in 2025. We will also publish a new national framework for banding and tariffs later this year.

I will continue to update the House on progress.
"""),
    dict(
        key="pins", type="press_release", political=False, orgs=["dfe", "dhsc"],
        slug="primary-schools-to-get-expert-support-for-neurodivergent-pupils",
        title="Primary schools to get expert support for neurodivergent pupils",
        desc="The Partnerships for Inclusion of Neurodiversity in Schools programme will bring health and "
             "education professionals together to support pupils.",
        date="2024-04-16 10:30", people=["johnston"], roles=["children_wellbeing"], taxons=["send"],
        body="""
Neurodivergent children in primary schools will benefit from new support from health and education specialists through a £13 million programme jointly funded by the Department for Education and NHS England.

The Partnerships for Inclusion of Neurodiversity in Schools (PINS) programme will work with up to 1,600 mainstream primary schools across 2024-25, helping staff to understand and meet the needs of autistic pupils and those with ADHD and other neurodevelopmental differences.

Specialist teachers, educational psychologists, occupational therapists and speech and language therapists will work alongside school staff to review how the school supports pupils and to make practical changes, such as adapting classrooms and routines. Support does not depend on a child having a diagnosis.

Parent carer forums will be funded to work with schools in the programme, so that families are involved in decisions about how their child is supported.

The programme will be delivered through integrated care boards in all 42 areas of England, with each area choosing schools based on local need. It builds on earlier pilots in which health and education staff worked together in schools.

Children and Families Minister David Johnston said:

> Many neurodivergent children can thrive in mainstream school with the right adjustments. This programme will give teachers the expert help they need to make that happen.

## Further information

- <abbr title="Partnerships for Inclusion of Neurodiversity in Schools">PINS</abbr> is funded through the shared outcomes fund, which supports projects involving more than one government department.
- Schools taking part will receive support for at least one academic year.
- Participating schools will be confirmed by integrated care boards during the summer term.
- An independent evaluation of the programme will report in 2025.
"""),
    # 2019 to 2022 Johnson Conservative government (history mode)
    dict(
        key="green_paper", type="press_release", political=True,
        slug="send-review-plans-to-end-the-postcode-lottery-in-support-for-children",
        title="SEND review: plans to end the postcode lottery in support for children",
        desc="Green paper proposes a single national system for children and young people with special "
             "educational needs and disabilities, with a 13-week consultation.",
        date="2022-03-29 00:01", people=["zahawi", "quince"], roles=["sos_education", "children_families"],
        taxons=["send"],
        body="""
Children and young people with special educational needs and disabilities (SEND) will get the support they need earlier and closer to home under proposals published today in the SEND and alternative provision green paper.

The green paper sets out plans for a single national SEND and alternative provision system, with national standards for how needs are identified and met, so that families receive the same quality of support wherever they live in England.

It follows a wide-ranging review which heard from parents, teachers, councils and health professionals about a system that has become too adversarial and too slow, with parents often having to fight to get support for their child.

Education Secretary Nadhim Zahawi said:

‘Every child deserves to have their needs met and the chance to succeed, whatever their background and wherever they live.

‘For too long families have faced a system that is hard to navigate, slow to respond and far too different from one area to the next.

‘The proposals we are publishing today will give parents confidence that their child will get the right support, in the right place, at the right time.’

Children and Families Minister Will Quince said:

‘I have met many parents who feel they have had to battle at every stage to get help for their child. That has to change.

‘We want to hear from families, schools and councils so that together we build a system that puts children first.’

The proposals include:

- new national standards for education, health and care, setting out the support that should be available in mainstream settings
- a standardised and digital education, health and care plan (EHCP), so that plans are consistent across the country
- new local SEND partnerships bringing together education, health and care to plan provision
- a new national framework for funding bands and tariffs
- a reformed role for alternative provision, focused on early intervention

## Notes to editors

- The consultation on the green paper runs for 13 weeks and closes on 22 July 2022.
- The government will invest £70 million to deliver the reforms, subject to the outcome of the consultation.
- The green paper is backed by £2.6 billion of capital investment over three years, announced at the Spending Review, to create new school places for children with SEND.
- High needs funding will rise to £9.1 billion in the 2022 to 2023 financial year, an increase of more than 40 per cent compared with 2019 to 2020.
"""),
    dict(
        key="green_paper_consultation", type="consultation_outcome", political=False,
        slug="send-review-right-support-right-place-right-time",
        title="SEND review: right support, right place, right time",
        desc="We sought views on our proposals to improve the system for children and young people with special "
             "educational needs and disabilities (SEND) and those in alternative provision.",
        date="2022-03-29 10:00", updates=[("2023-03-02 09:30", "Consultation outcome published.")],
        opening="2022-03-29 10:00", closing="2022-07-22 23:45", taxons=["send"],
        outcome="We have published our response to this consultation in the SEND and alternative provision "
                "improvement plan.",
        body="""
This consultation sought views on the proposals in the SEND and alternative provision green paper, published in March 2022.

The green paper set out the government's vision for a single national system for children and young people with special educational needs and disabilities (SEND) and for those who need alternative provision. It proposed national standards, a standardised education, health and care plan, local SEND partnerships and a new approach to alternative provision.

We wanted to hear from:

- parents and carers of children and young people with SEND
- children and young people themselves
- schools, colleges and early years settings
- local authorities and health partners
- voluntary and community sector organisations

The consultation asked 22 questions across the following areas:

1. a single national SEND and alternative provision system
2. excellent provision from early years to adulthood
3. a reformed and integrated role for alternative provision
4. system roles, accountabilities and funding reform
5. how the changes will be delivered

Alongside the online survey, we held more than 175 events with parents, practitioners and young people across England, and we received easy read and British Sign Language responses.

## Consultation outcome

We received around 6,000 responses. Our response, published alongside the SEND and alternative provision improvement plan, sets out what we heard and how it has shaped our next steps.

Most respondents supported the principle of national standards, but many asked for more detail about how they would be applied locally. Respondents also raised concerns about the capacity of the workforce, the time taken to complete assessments and the availability of specialist health services.

The government will take forward the majority of the proposals, with changes to reflect the feedback. The improvement plan explains how we will test and refine the reforms through the Change Programme before any changes to legislation.
"""),
    # 2017 to 2019 Conservative government (history mode)
    dict(
        key="timpson_review", type="press_release", political=True,
        slug="timpson-review-of-school-exclusion-published",
        title="Timpson review of school exclusion published",
        desc="Edward Timpson's review finds that pupils with special educational needs are more likely to be "
             "excluded, and makes 30 recommendations.",
        date="2019-05-07 00:01", people=["hinds"], roles=["sos_education"], taxons=["send"],
        body="""
The government has today published Edward Timpson's review of school exclusion, alongside its response, setting out plans to make sure exclusion is used consistently and fairly.

The review found that most schools use exclusion appropriately, but that some groups of pupils are more likely to be excluded than others. Pupils with special educational needs, children in need and pupils from some ethnic groups were found to be at greater risk.

The review makes 30 recommendations, which the government has accepted in principle. They include:

- making schools accountable for the outcomes of pupils they exclude
- better guidance for schools on the use of managed moves and off-site direction
- more training and support for teachers on managing behaviour
- improving the quality of alternative provision

“Exclusion should never be the first resort, and no child should be excluded simply because their needs have not been identified or met,” said Timpson. “Schools need the right support to keep pupils engaged, and where exclusion is necessary, the pupil must move on to good alternative provision.”

Education Secretary Damian Hinds said:

‘Exclusion is sometimes necessary to keep order and protect other pupils. But we must make sure it is used consistently and that every child gets the education they deserve.

‘We will work with schools and councils to put the review's recommendations into practice.’

The government will consult on making schools responsible for the pupils they exclude, and will publish revised guidance on exclusions and behaviour.

## Background

- The review looked at more than 1,000 responses to a call for evidence and data on every exclusion since 2010.
- Around 0.1 per cent of pupils are permanently excluded each year.
- Pupils with special educational needs account for around half of all permanent exclusions.
"""),
    # Other departments: off-topic near misses (the words, never the phrases)
    # Unquoted `q=special educational needs` is any-term on GOV.UK, so it finds every page below;
    # the quoted phrases do not. None is tagged to the SEND taxon.
    dict(
        key="hospital_special_measures", type="press_release", political=False, orgs=["dhsc"], near_miss=True,
        slug="hospital-trust-placed-in-special-measures-after-inspection",
        title="Hospital trust placed in special measures after inspection",
        desc="A hospital trust in the East Midlands will receive intensive support after inspectors found serious "
             "failings in its emergency and maternity care.",
        date="2024-05-14 10:00", taxons=["health"],
        body="""
Westmarch Hospitals NHS Foundation Trust has been placed in special measures following an inspection by the Care Quality Commission (CQC), which rated the trust inadequate for safety and leadership.

Inspectors visited the trust's two main hospitals in March and found long waits in the emergency department, staff shortages on maternity wards and weak oversight by the board. Patients told inspectors that they had waited more than 12 hours for a bed, and some maternity staff said they did not feel able to raise concerns.

Special measures is a package of support for trusts with serious problems in the quality of care they provide and in how they are led. Under the regime, the trust will:

- be paired with a partner trust that has a strong record on emergency and maternity care
- receive support from an improvement director appointed by NHS England
- publish a monthly update on its improvement plan
- be inspected again within 12 months

The Department of Health and Social Care has asked NHS England to report on the trust's progress every quarter.

A spokesperson for the Department of Health and Social Care said:

> Patients in Westmarch deserve safe, good-quality care, and the findings of this inspection are deeply concerning. The trust needs to act quickly, and special measures will give it the support and scrutiny it needs to turn things around.

The trust's chair has stepped down, and an interim chief executive will start next month. The trust has already opened 20 extra beds to reduce pressure on the emergency department and is recruiting 45 midwives.

The CQC will publish its full inspection reports for both hospitals on its website. Patients who are waiting for planned operations at the trust should keep their appointments unless they are contacted.

## Background

- Special measures were introduced in 2013 for trusts with serious and persistent failings.
- A trust leaves special measures when inspectors find that it has made enough improvement, usually after one or two further inspections.
- Of the trusts placed in special measures since 2013, most have left within two years.
"""),
    dict(
        key="museum_visits", type="news_story", political=False, orgs=["dcms"], near_miss=True,
        slug="national-museums-extend-free-educational-visits-for-schools",
        title="National museums extend free educational visits for schools",
        desc="Schools across England can book free guided visits and workshops at 14 national museums, with help "
             "towards travel costs for the schools furthest away.",
        date="2024-09-10 09:30", taxons=["culture"],
        body="""
Schools in every region of England will be able to book free guided visits, workshops and handling sessions at 14 national museums this academic year, as the Department for Culture, Media and Sport extends its educational visits programme.

The programme, which began as a pilot in 2022, offers schools a museum-led session linked to the curriculum, from Roman Britain and the Industrial Revolution to climate science and design. Around 310,000 pupils took part last year, nearly half of them from schools that had not visited a national museum before.

This year the programme will:

- add 4 more museums outside London, including sites in Bradford, Liverpool and Newcastle
- give a travel grant of up to £600 to schools more than 50 miles from the museum they visit
- offer online sessions for schools that cannot travel
- publish free teaching resources for each session

Museums will also run twilight sessions for teachers, so that staff can plan visits and use the collections in lessons.

A spokesperson for the Department for Culture, Media and Sport said:

> Every child should be able to see the treasures held in our national museums, wherever they live. These educational visits bring history, art and science to life, and we want many more schools to take part.

Bookings open on 1 October. Schools can book up to two visits each academic year, and priority will go to schools that have not visited in the last three years.

Museums taking part will report on the number and type of schools they reach, and the department will publish an evaluation of the programme in 2025.

## Background

- National museums are funded by the Department for Culture, Media and Sport and offer free entry to their permanent collections.
- Special exhibitions may still charge for entry, but school groups on the programme will be admitted free.
- The 14 museums taking part are listed on each museum's learning pages.
"""),
    dict(
        key="lorry_parking", type="press_release", political=False, orgs=["dft"], near_miss=True,
        slug="more-secure-parking-spaces-for-lorry-drivers",
        title="More secure parking spaces for lorry drivers",
        desc="Up to £35 million in grants to improve roadside facilities and create new secure parking for HGV "
             "drivers on England's busiest freight routes.",
        date="2023-10-03 00:01", taxons=["transport"],
        body="""
Lorry drivers will get safer places to stop and better facilities on England's busiest freight routes, with up to £35 million of grants to create new secure parking spaces and improve roadside services.

The funding, matched by industry, will go to operators of truck stops and motorway services to build new spaces, install security fencing and lighting, and upgrade showers, toilets and places to eat. Around 1,500 new spaces are expected by the end of 2025.

Drivers have long said that a shortage of safe parking makes the job harder. Many are forced to park in lay-bys and on industrial estates overnight, where thefts from trailers are common and there are few facilities.

A Department for Transport spokesperson said:

> Lorry drivers keep our shelves stocked and our economy moving, and they deserve decent places to rest. This funding will help the industry provide the secure parking and facilities that drivers rely on, and make the job more attractive to new recruits.

Grants will be awarded through a competition, with priority given to sites on routes where demand for parking is greatest, including the A14, M6 and M20 corridors. Bids must show how the site will:

- add new secure spaces or improve security at existing ones
- improve facilities for all drivers, including women drivers
- be open 24 hours a day

The haulage industry needs around 50,000 more drivers, and the government has already introduced measures to speed up HGV driving tests and fund skills bootcamps for new drivers.

The competition opens on 16 October and closes on 15 December 2023. Guidance for applicants is published today.

## Background

- The scheme is funded jointly by the Department for Transport and the freight industry.
- National Highways will advise on the location of new sites.
- A survey of lorry parking in England is carried out every five years.
"""),
    dict(
        key="special_operations_vehicles", type="press_release", political=False, orgs=["mod"], near_miss=True,
        slug="contract-awarded-for-new-special-operations-vehicles",
        title="Contract awarded for new special operations vehicles",
        desc="A £90 million contract will supply lightweight vehicles for the armed forces, supporting 200 jobs "
             "in the West Midlands.",
        date="2024-02-20 11:00", taxons=["defence"],
        body="""
A £90 million contract has been awarded to supply a new fleet of lightweight vehicles for special operations, the Ministry of Defence has announced.

The contract, awarded to a West Midlands manufacturer after a competition, will deliver more than 100 vehicles over four years. They will be used by units that have to move quickly over rough ground, carrying crews, equipment and supplies.

The vehicles can be carried inside transport aircraft and helicopters, and will be fitted with new communications equipment so that crews can share information with other units and with headquarters.

The contract will support around 200 jobs at the manufacturer's site and a further 150 across its supply chain, most of them in small and medium-sized businesses.

A Ministry of Defence spokesperson said:

> This contract gives our armed forces modern, reliable vehicles that meet their needs on operations around the world, while supporting skilled jobs in British industry.

Defence Equipment and Support, the Ministry of Defence's procurement organisation, ran the competition. The first vehicles will be delivered for trials next year, and the fleet will enter service from 2026.

The new vehicles will replace a fleet that has been in service for more than 15 years. They will be:

- lighter and faster than the vehicles they replace
- cheaper to run and maintain
- able to carry more equipment over longer distances

The Ministry of Defence will also buy spare parts, training and support from the manufacturer for the life of the fleet.

## Background

- Defence Equipment and Support buys and supports equipment and services for the armed forces.
- The Ministry of Defence spends more than £20 billion a year with industry.
- Details of contracts worth more than £10,000 are published on Contracts Finder.
"""),
    dict(
        key="seabird_spa", type="policy_paper", political=False, orgs=["defra"], near_miss=True,
        slug="new-special-protection-area-for-seabirds-off-the-north-east-coast",
        title="New special protection area for seabirds off the north-east coast",
        desc="The government's decision to designate a marine special protection area for seabirds, and the "
             "reasons for the boundary chosen.",
        date="2025-02-11 09:30", taxons=["environment"],
        body="""
This paper sets out the government's decision to designate a new marine special protection area (SPA) off the coast of Northumberland and North Yorkshire, and explains how the boundary was chosen.

The area covers around 2,100 square kilometres of sea and is used by more than 200,000 seabirds, including puffins, kittiwakes, guillemots and razorbills. The birds nest on cliffs and islands along the coast and feed at sea during the breeding season.

Special protection areas protect rare and vulnerable birds and the habitats they rely on. Once an area is designated, public bodies must consider the effect of any plan or project on the birds before they give permission for it, including offshore wind farms, dredging and fishing.

## How the boundary was chosen

Natural England tracked seabirds from their colonies to find where they feed, and surveyed the area from boats and aircraft. The boundary follows the areas where the birds are found most often, so that it protects the places they use most without covering more sea than necessary.

The government consulted on the proposal in 2024. Most of the 640 responses supported the designation. Some fishing and energy businesses asked for a smaller boundary, and the final area is 6 per cent smaller than the one proposed.

## What happens next

The designation takes effect today. The government will:

- publish conservation advice for the area with Natural England
- work with the Marine Management Organisation on any changes to fishing rules
- review the condition of the seabird colonies every 6 years

Developers planning projects near the area should speak to Natural England early, so that the needs of the seabirds can be taken into account in the design of their projects.

## Background

- England now has 48 marine special protection areas.
- Kittiwakes and puffins are on the red list of birds of conservation concern.
"""),
    dict(
        key="end_of_life_claims", type="closed_consultation", political=False, orgs=["dwp"], near_miss=True,
        slug="faster-benefit-claims-for-people-nearing-the-end-of-life",
        title="Faster benefit claims for people nearing the end of life",
        desc="We asked for views on changes to the special rules for end of life, which let people with a "
             "terminal illness get benefits quickly without an assessment.",
        date="2024-03-05 09:30", opening="2024-03-05 09:30", closing="2024-05-28 23:59", taxons=["welfare"],
        body="""
This consultation asked for views on changes to the special rules for end of life, which help people who are nearing the end of their life to get benefits quickly and without an assessment.

Under the special rules, a person who is likely to have 12 months or less to live can claim Personal Independence Payment, Universal Credit, Employment and Support Allowance or Attendance Allowance without waiting the usual qualifying period. Their claim is fast-tracked, they receive the highest rate of the benefit and they do not have a face-to-face assessment.

## What we proposed

We proposed to:

- let a nurse, pharmacist or paramedic who knows the person complete the medical evidence form, not only their doctor
- accept the form online as well as on paper
- contact claimants by phone within 2 working days of receiving their claim
- make sure a claimant's partner or carer can report a change for them

We also asked whether the guidance for staff who handle special rules claims needs to change, and how we can make the rules better known among hospital and hospice teams.

## Who we wanted to hear from

We wanted to hear from people with a terminal illness and their families and carers, doctors, nurses and other health professionals, hospices, charities and advice organisations.

We held 6 online events during the consultation for people who wanted to share their views in person, and the consultation documents were available in easy read, large print and British Sign Language.

## What happens next

The consultation has closed. We are analysing the responses and will publish a summary, along with our decision on each proposal, later this year.

Until any changes are made, people should continue to claim under the current rules. Anyone who wants help with a claim can call the relevant benefit helpline.
"""),
    # Found by no profile: "high needs" in adult social care (phrase-high-needs is DfE only)
    dict(
        key="hospital_discharge", type="press_release", political=False, orgs=["dhsc"],
        slug="extra-funding-to-get-patients-home-from-hospital-sooner",
        title="Extra funding to get patients home from hospital sooner",
        desc="£250 million for councils and the NHS to buy care home places and home care, so that people who are "
             "well enough to leave hospital are not kept waiting.",
        date="2024-01-23 00:01", taxons=["health"],
        body="""
People who are well enough to leave hospital will get home or into care sooner, with £250 million of extra funding for councils and the NHS to buy care home places and home care this winter.

On any day, around 13,000 hospital beds are taken by people who are medically fit to go home but are waiting for care to be arranged. Delays are worst for people with high needs, such as those who need two carers at each visit or nursing care through the night, because fewer providers can offer that support.

The funding will be shared between councils and integrated care boards according to the number of delayed discharges in each area. Local areas will be able to use it to:

- buy short-term care home beds for people who need time to recover before going home
- pay for extra home care hours, including for people with high needs who need two carers
- employ more occupational therapists and social workers on hospital wards
- provide equipment and adaptations so that people can return home safely

A spokesperson for the Department of Health and Social Care said:

> Nobody should be stuck in hospital when they are well enough to leave. This funding will help councils and the NHS work together to find the right care for each person, and free up beds for patients who need them.

Local areas will report every week on the number of people waiting to be discharged, and the department will publish the figures each month.

The funding is in addition to the £600 million workforce fund for adult social care announced last year, which councils are using to recruit and keep care workers.

## Background

- Adult social care is arranged by councils for people who need help with daily living because of illness, disability or old age.
- The NHS pays for care after hospital for people with continuing health needs.
- Integrated care boards plan and buy NHS services for their area.
"""),
    # Found only by a phrase profile (untagged, never "special educational needs")
    dict(
        key="send_tribunal", type="news_story", political=False, orgs=["hmcts"],
        slug="faster-tribunal-hearings-for-families-appealing-about-an-ehcp",
        title="Faster tribunal hearings for families appealing about an EHCP",
        desc="More judges and online hearings will cut waiting times at the First-tier Tribunal (SEND), which hears "
             "appeals about the support children get at school.",
        date="2025-04-08 10:00", taxons=["justice"],
        body="""
Families who appeal a council's decision about their child's education, health and care plan (EHCP) will get a hearing sooner, as HM Courts &amp; Tribunals Service (HMCTS) recruits more judges and moves more hearings online.

The First-tier Tribunal (SEND) hears appeals from parents and young people who disagree with a council's decision, for example when a council refuses to carry out an assessment, refuses to issue an EHCP, or names a school the family did not ask for.

The number of appeals has more than doubled in five years, to over 14,000 last year, and families now wait an average of 40 weeks for a hearing. The tribunal decides most appeals in the family's favour.

To reduce waiting times, HMCTS will:

- appoint 50 more fee-paid judges and specialist members this year
- hold most hearings by video, so that families do not have to travel
- list straightforward appeals, such as those about a single section of an EHCP, for shorter hearings
- send families and councils a hearing date within 4 weeks of an appeal being registered

The tribunal is also testing a new online service that lets parents register an appeal, upload evidence and follow the progress of their case in one place.

A spokesperson for HMCTS said:

> Families appealing to the tribunal are often going through a difficult time in their child's education, and long waits only add to the stress. These changes will help us hear appeals faster and make the process simpler for everyone involved.

Councils are expected to send their response to an appeal within the time the tribunal sets, and to put in place the support ordered by the tribunal within the deadlines in the rules.

## Background

- The tribunal also hears claims of disability discrimination against schools.
- Mediation must be considered before most appeals can be registered.
- Decisions of the tribunal can be appealed to the Upper Tribunal on a point of law.
"""),
    dict(
        key="statutory_override", type="press_release", political=True,
        slug="councils-given-more-time-to-manage-school-funding-deficits",
        title="Councils given more time to manage school funding deficits",
        desc="The statutory override that keeps dedicated schools grant deficits off council budgets is extended to "
             "March 2028, while the government prepares reforms.",
        date="2025-01-16 12:00", taxons=["education"],
        body="""
Councils with deficits on their dedicated schools grant will have until March 2028 before the deficits count against their general budgets, after the government confirmed a two-year extension to the statutory override.

The override, first introduced in 2020, means that a deficit on a council's schools budget is held in a separate account rather than being met from its other spending. Without the extension, the override would have ended in March 2026, and several councils had warned that they could be forced to issue section 114 notices.

Most deficits come from the high needs block, which pays for places in special schools, top-up funding for pupils with SEND in mainstream schools and support for young people in further education. Demand for this support has grown faster than funding in many areas.

The Department for Education said the extension would give councils certainty while the government prepares reforms to the system. Councils will be expected to:

- keep a deficit management plan and share it with the department each year
- report their high needs spending and forecasts every quarter
- work with schools and parents to make sure support is planned early and close to home

High needs funding will rise to £11.9 billion in 2025 to 2026, an increase of nearly £1 billion on the year before. Councils will also be able to bid for capital funding to create new places in mainstream and special schools.

The department will continue its programmes with councils that have the largest deficits, which include agreements to bring spending back into balance over several years.

The extension has been agreed with the Ministry of Housing, Communities and Local Government and will be confirmed in regulations later this year.

## Background

- The dedicated schools grant is paid to councils in four blocks: schools, central school services, early years and high needs.
- The statutory override applies to councils in England only.
- Councils publish their dedicated schools grant outturn each summer.
"""),
    dict(
        key="youth_workers_ap", type="press_release", political=True, orgs=["home_office"],
        slug="youth-workers-to-help-keep-children-in-alternative-provision-safe-from-crime",
        title="Youth workers to help keep children in alternative provision safe from crime",
        desc="Teams of youth workers, mentors and counsellors will work in schools for excluded pupils in areas "
             "with the highest levels of knife crime.",
        date="2024-11-19 00:01", taxons=["justice"],
        body="""
Children who have been excluded from school will get extra support to stay safe from violence and exploitation, with teams of youth workers, mentors and counsellors placed in alternative provision in 20 areas with the highest levels of knife crime.

Pupils in alternative provision, such as pupil referral units, are more likely than other children to be drawn into crime or exploited by gangs. Many have been excluded from mainstream school or are at risk of exclusion, and some spend only part of the week in lessons.

The £12 million programme, funded by the Home Office and run with the Youth Endowment Fund, will place a team in each setting for the whole school year. Teams will:

- work with pupils one to one and in small groups
- help staff spot the signs that a child is being groomed or exploited
- work with families, youth services and the police outside school hours
- help pupils move back into mainstream school, college or training

The areas taking part were chosen using data on knife crime, exclusions and the number of young people in contact with youth offending teams.

A Home Office spokesperson said:

> Too many young lives are lost to knife crime. By putting youth workers into alternative provision, we can reach children at the point where they are most at risk and help them build a different future.

The programme will be evaluated by the Youth Endowment Fund, which will compare outcomes for pupils in the areas taking part with those in similar areas, and publish its findings in 2027.

The Home Office is also funding violence reduction units in 20 police force areas, which bring together councils, health services, schools and the police to tackle the causes of serious violence.

## Background

- Around 13,000 pupils attend state-funded alternative provision in England.
- The Youth Endowment Fund is a charity set up with an endowment from the Home Office to find out what works in preventing children becoming involved in violence.
"""),
]

# Round 2
# Edits: ("kind", "replace", old text, new text) | ("kind", "add_li", after bullet, new bullet) |
# ("kind", "drop_li", bullet). A "note" makes it a major update (public_updated_at + change_history).

ROUND_2_CHANGES = [
    dict(key="capital_places", kind="edit", when="2025-09-16 10:00",
         note="Updated funding figure following confirmation of final allocations.",
         edits=[("re-costed", "replace", "Councils will receive £740 million in the 2025 to 2026 financial year",
                 "Councils will receive £760 million in the 2025 to 2026 financial year")]),
    dict(key="white_paper", kind="edit", when="2025-11-20 09:35",
         note="Updated the expected publication date of the Schools White Paper.",
         edits=[("re-dated", "replace", "to be published in autumn 2025", "to be published in early 2026")]),
    dict(key="local_offer", kind="edit", when="2025-09-30 14:00",
         note="Removed the plan for a national search tool, which is no longer going ahead.",
         edits=[("dropped", "drop_li", "create a national search tool linking to every council's local offer by 2026")]),
    dict(key="high_needs_budget_2024", kind="edit", when="2025-10-08 11:15",
         note="Clarified plans for the high needs funding formula.",
         edits=[("softened", "replace",
                 "The government will reform the high needs funding formula so that it better reflects need in each area.",
                 "The government will consider reforming the high needs funding formula so that it better reflects "
                 "need in each area.")]),
    dict(key="neli", kind="edit", when="2025-09-02 09:00",
         note="Added confirmation of funding for the 2025 to 2026 academic year.",
         edits=[("added", "add_li", "programme materials and ongoing support from the delivery partner",
                 "continued funded support in the 2025 to 2026 academic year, with up to 2,000 more schools able to join")]),
    dict(key="free_schools_go_ahead", kind="edit", when="2025-10-14 16:20", note=None,
         edits=[("cosmetic", "replace", 'were a "clear priority" because', "were a “clear priority” because"),
                ("cosmetic", "replace", "complex needs.  Many are", "complex needs. Many are"),
                ("cosmetic", "replace", "open between 2025-2027.", "open between 2025–2027."),
                ("cosmetic", "replace", "specialist place.  Some schools", "specialist place. Some schools"),
                ("cosmetic", "replace", 'host "satellite" classes', "host “satellite” classes"),
                ("cosmetic", "replace", "approved between 2022-2024.", "approved between 2022–2024.")]),
    dict(key="pins", kind="edit", when="2025-10-21 12:05", note=None,
         edits=[("silent", "replace", "will work with up to 1,600 mainstream primary schools across 2024-25",
                 "will work with up to 1,200 mainstream primary schools across 2024-25")]),
    dict(key="oral_statement_send", kind="edit", when="2025-10-28 17:40", note=None,
         edits=[("figure", "replace", "has risen by over 140 per cent since 2015",
                 "has risen by over 150 per cent since 2015")]),
    dict(key="ey_senco", kind="withdrawn", when="2025-10-01 09:00",
         explanation="This programme has closed to new applications. Information about current early years SEND "
                     "training is available in the early years child development training guidance."),
    dict(key="response_ehcp", kind="gone", when="2025-10-15 11:00"),
    dict(key="special_free_schools_2023", kind="redirected", when="2025-10-20 15:30",
         destination="/government/news/special-and-alternative-provision-free-schools-to-go-ahead"),
    dict(key="specialist_units", kind="edit", when="2025-11-05 10:00",
         note="Updated the funding amount and bidding timetable, and added a new condition for bids.",
         edits=[("re-costed", "replace", "bid for a share of £120 million to open", "bid for a share of £150 million to open"),
                ("re-dated", "replace", "Bids will open from September 2025", "Bids will open from January 2026"),
                ("added", "add_li", "show how the council will work with parents to plan places",
                 "include a plan for training mainstream staff across the school in supporting pupils with SEND")]),
]

ROUND_2_NEW = [
    dict(
        key="teacher_send_training", type="press_release", political=True,
        slug="new-training-to-help-teachers-support-pupils-with-send",
        title="New training to help teachers support pupils with SEND",
        desc="Teachers and teaching assistants will be offered funded training in inclusive practice from "
             "September 2026.",
        date="2025-11-24 00:01", people=["phillipson"], roles=["sos_education"], taxons=["send"],
        body="""
Teachers and teaching assistants in every state school in England will be offered funded training in how to support pupils with special educational needs and disabilities (SEND), under a £200 million programme announced today.

The training, available from September 2026, will cover practical approaches that help pupils with a wide range of needs to learn in mainstream classrooms, including adapting lessons, supporting communication and managing sensory needs.

It will be delivered through the national network of teaching school hubs, with specialist input from special schools and health professionals. Every school will be able to release at least two members of staff for the training over three years.

Education Secretary Bridget Phillipson said:

> Every teacher is a teacher of children with SEND. Teachers tell us they want to do more for these pupils but too often lack the training and support to do so.
> This programme will give them the skills and confidence to make mainstream schools places where every child can thrive.

The government will also:

- update the initial teacher training framework so that all new teachers learn how to support pupils with SEND
- fund specialist leaders of inclusion in 500 schools
- publish new guidance on the deployment of teaching assistants by summer 2026

The training forms part of the government's wider reform of the SEND system, which aims to improve support in mainstream schools and restore families' trust.

## Background

1. Around 1.6 million pupils in England are identified as having special educational needs.

2. Teaching school hubs will begin recruiting participants in spring 2026.
"""),
    dict(
        key="ws_send_reform_next_steps", type="written_statement", political=True,
        slug="special-educational-needs-and-disabilities-reform-next-steps",
        title="Special educational needs and disabilities reform: next steps",
        desc="Written statement to Parliament on the timetable for reform of support for children with special "
             "educational needs and disabilities.",
        date="2025-11-25 11:30", delivered="2025-11-25 00:00", location="House of Commons",
        people=["phillipson"], roles=["sos_education"], speaker="phillipson", taxons=["send"],
        body="""
I want to update the House on the government's plans for reform of the system of support for children and young people with special educational needs and disabilities.

In June I told the House that the government would set out its proposals in a Schools White Paper. Since then we have held more than 200 engagement events with parents, young people, teachers, councils and health professionals, and I am grateful to everyone who has taken part.

Those conversations have made clear that families want reform to be done properly. I have therefore decided that the white paper will be published in early 2026, allowing time to reflect what we have heard and to work through the detail with the sector.

Our approach will rest on three principles:

- children's needs should be identified early and met without delay, wherever possible in a mainstream school
- specialist provision should be available for those who need it, close to home
- the system should be sustainable, so that councils can plan with confidence

In the meantime, we will continue to invest. We are providing £760 million in high needs capital funding in 2025 to 2026 and will publish allocations for 2026 to 2027 in the coming days. We are also funding new training for teachers and teaching assistants in inclusive practice from September 2026.

I want to be clear that any changes to the legal framework will be subject to full consultation, and that existing education, health and care plans will continue to be honoured.

I will update the House again when the white paper is published.
"""),
    dict(
        key="capital_2026_27", type="news_story", political=False,
        slug="high-needs-capital-allocations-for-2026-to-2027-confirmed",
        title="High needs capital allocations for 2026 to 2027 confirmed",
        desc="Local authorities will share £880 million to create specialist places for pupils with special "
             "educational needs and disabilities.",
        date="2025-11-27 09:30", taxons=["send"],
        body="""
Local authorities will share £880 million in high needs capital funding in the 2026 to 2027 financial year to create new places for children and young people with special educational needs and disabilities (SEND), the Department for Education has confirmed.

The allocations, published today, give councils certainty to plan new specialist units, resourced provision and special school places ahead of the next academic year.

As in previous years, the funding can be used to:

- create specialist units and resourced provision in mainstream schools
- make schools and colleges more accessible for disabled pupils
- expand existing special schools and alternative provision

Councils will be expected to spend at least 40 per cent of their allocation on places in mainstream schools, reflecting the government's aim of supporting more children close to home.

Allocations have been calculated using councils' own forecasts of the number of places they will need, with a minimum allocation of £2 million for every council. Those forecasting the largest growth in demand will receive the most funding.

The department will publish a report next year on how councils used their 2025 to 2026 allocations, including the number of new places created.

Councils have been asked to publish their plans for spending the funding by the end of March 2026, and to consult parents and schools on them.

The funding is in addition to bids for specialist units in mainstream schools, which will open in January 2026.
"""),
]
