#include "core/admin/DemoVocabulary.h"

#include <array>

namespace cms::core::admin {

namespace {

using namespace std::string_view_literals;

constexpr std::array kGivenNames{
    "Abigail"sv,  "Adrian"sv, "Aisha"sv,     "Alan"sv,   "Alicia"sv,   "Amir"sv,    "Andrea"sv,   "Beatrice"sv,
    "Benjamin"sv, "Camila"sv, "Carlos"sv,    "Chloe"sv,  "Daniel"sv,   "Deborah"sv, "Dmitri"sv,   "Eleanor"sv,
    "Elijah"sv,   "Esther"sv, "Fatima"sv,    "Felix"sv,  "Gabriel"sv,  "Grace"sv,   "Hana"sv,     "Harold"sv,
    "Imani"sv,    "Isaac"sv,  "Jasmine"sv,   "Javier"sv, "Joanna"sv,   "Jonah"sv,   "Keisha"sv,   "Kenji"sv,
    "Laila"sv,    "Leon"sv,   "Lucia"sv,     "Malik"sv,  "Margaret"sv, "Mateo"sv,   "Mei"sv,      "Miriam"sv,
    "Nadia"sv,    "Nathan"sv, "Nkechi"sv,    "Oliver"sv, "Olga"sv,     "Omar"sv,    "Patricia"sv, "Priya"sv,
    "Quentin"sv,  "Rafael"sv, "Rebecca"sv,   "Rohan"sv,  "Rosa"sv,     "Samuel"sv,  "Sofia"sv,    "Tamara"sv,
    "Theodore"sv, "Uma"sv,    "Valentina"sv, "Victor"sv, "Wanda"sv,    "Xavier"sv,  "Yusuf"sv,    "Zara"sv};

constexpr std::array kFamilyNames{
    "Abernathy"sv, "Achebe"sv,    "Alvarado"sv,    "Bergstrom"sv, "Bianchi"sv,   "Castellanos"sv, "Chowdhury"sv,
    "Dubois"sv,    "Eriksen"sv,   "Fairweather"sv, "Fujimoto"sv,  "Gallagher"sv, "Goldberg"sv,    "Haddad"sv,
    "Hollister"sv, "Ibekwe"sv,    "Jankowski"sv,   "Kaplan"sv,    "Kowalczyk"sv, "Lindqvist"sv,   "Lombardi"sv,
    "Marchetti"sv, "Mbeki"sv,     "Novak"sv,       "Okonkwo"sv,   "Oyelaran"sv,  "Pemberton"sv,   "Quintero"sv,
    "Ramaswamy"sv, "Rosenthal"sv, "Saavedra"sv,    "Takahashi"sv, "Thornbury"sv, "Ueda"sv,        "Vandermeer"sv,
    "Valdivia"sv,  "Whitcombe"sv, "Wojcik"sv,      "Yamamoto"sv,  "Zielinski"sv};

constexpr std::array kFamilyNameStems{
    "Aber"sv, "Ash"sv,  "Bald"sv, "Bram"sv, "Carr"sv, "Chal"sv,  "Dal"sv,   "Dun"sv,  "Eck"sv,  "Ell"sv,
    "Fair"sv, "Fen"sv,  "Gold"sv, "Gran"sv, "Hal"sv,  "Hart"sv,  "Ire"sv,   "Jes"sv,  "Kess"sv, "Kings"sv,
    "Lind"sv, "Lock"sv, "Mar"sv,  "Mill"sv, "Nor"sv,  "Nash"sv,  "Oak"sv,   "Orm"sv,  "Pem"sv,  "Pres"sv,
    "Quin"sv, "Rad"sv,  "Ros"sv,  "Rut"sv,  "Stan"sv, "Sel"sv,   "Thorn"sv, "Tal"sv,  "Ul"sv,   "Vand"sv,
    "Var"sv,  "Whit"sv, "Wal"sv,  "Yar"sv,  "Zel"sv,  "Brock"sv, "Cran"sv,  "Dray"sv, "Gil"sv,  "Hol"sv};

constexpr std::array kFamilyNameEndings{
    "ford"sv,  "wood"sv,  "ley"sv,   "ton"sv,   "stein"sv, "berg"sv, "son"sv,   "man"sv,  "well"sv, "worth"sv,
    "ridge"sv, "by"sv,    "dale"sv,  "field"sv, "ham"sv,   "more"sv, "ski"sv,   "ez"sv,   "ini"sv,  "ova"sv,
    "sen"sv,   "strom"sv, "quist"sv, "hurst"sv, "combe"sv, "lake"sv, "brook"sv, "mont"sv, "ard"sv,  "ell"sv,
    "ing"sv,   "holt"sv,  "wick"sv,  "stow"sv,  "gate"sv,  "bury"sv, "ville"sv, "acre"sv, "ett"sv,  "ier"sv};

constexpr std::array kJobTitles{"Compliance Manager"sv,
                                "Director of Quality"sv,
                                "Import Coordinator"sv,
                                "General Counsel"sv,
                                "Product Safety Lead"sv,
                                "Owner"sv,
                                "Regulatory Specialist"sv,
                                "Logistics Manager"sv,
                                "Vice President, Operations"sv};

constexpr std::array kStreets{"Harbor View Rd"sv,
                              "Maple Ave"sv,
                              "Industrial Pkwy"sv,
                              "Commerce St"sv,
                              "Lakeshore Dr"sv,
                              "Pine Ridge Ln"sv,
                              "Market St"sv,
                              "Warehouse Row"sv,
                              "Cedar Ct"sv,
                              "Foundry Blvd"sv,
                              "Elm St"sv,
                              "Dockside Way"sv};

constexpr std::array kCities{"Baltimore|MD|212"sv,
                             "Newark|NJ|071"sv,
                             "Savannah|GA|314"sv,
                             "Houston|TX|770"sv,
                             "Long Beach|CA|908"sv,
                             "Seattle|WA|981"sv,
                             "Chicago|IL|606"sv,
                             "Miami|FL|331"sv,
                             "Memphis|TN|381"sv,
                             "Columbus|OH|432"sv,
                             "Denver|CO|802"sv,
                             "Portland|OR|972"sv,
                             "Charlotte|NC|282"sv,
                             "Minneapolis|MN|554"sv,
                             "Phoenix|AZ|850"sv,
                             "Boston|MA|021"sv};

constexpr std::array kFirmWords{"Brightway"sv,
                                "Summit"sv,
                                "Bluewater"sv,
                                "Evergreen"sv,
                                "Northstar"sv,
                                "Keystone"sv,
                                "Silverline"sv,
                                "Harborlight"sv,
                                "Redwood"sv,
                                "Pioneer"sv,
                                "Sunrise"sv,
                                "Granite"sv,
                                "Meadowlark"sv,
                                "Ironbridge"sv,
                                "Goldleaf"sv,
                                "Tidewater"sv,
                                "Crescent"sv,
                                "Lakeside"sv};

constexpr std::array kFirmSuffixes{"Imports LLC"sv,
                                   "Trading Co."sv,
                                   "Toys Inc."sv,
                                   "Home Goods LLC"sv,
                                   "Distributors"sv,
                                   "Outfitters"sv,
                                   "Manufacturing"sv,
                                   "Retail Group"sv,
                                   "Global Sourcing"sv,
                                   "Direct"sv,
                                   "Marketplace LLC"sv,
                                   "Electronics Corp."sv};

constexpr std::array kForeignCountries{"CN"sv, "VN"sv, "MX"sv, "IN"sv, "TW"sv, "KR"sv, "DE"sv, "CA"sv};

constexpr std::array kProducts{"Children's ride-on toy|lead in surface coating"sv,
                               "Space heater|fire hazard"sv,
                               "Hair dryer|electrocution hazard (no immersion protection)"sv,
                               "Crib bumper pad|suffocation hazard"sv,
                               "Bicycle helmet|fails impact test"sv,
                               "Baby walker|fall hazard"sv,
                               "Window blind|strangulation hazard (accessible cords)"sv,
                               "Lithium-ion power bank|overheating"sv,
                               "Magnetic building set|ingestion of high-powered magnets"sv,
                               "Dresser|tip-over hazard"sv,
                               "Infant sleeper|suffocation hazard"sv,
                               "Electric scooter|battery fire"sv,
                               "Children's hooded sweatshirt|drawstring strangulation hazard"sv,
                               "Pressure cooker|lid opens under pressure"sv,
                               "Toy slime|boron above limit"sv,
                               "Portable generator|carbon monoxide poisoning"sv};

constexpr std::array kBrands{"Zoomer"sv,
                             "KiddoCraft"sv,
                             "HomeHaven"sv,
                             "VoltMax"sv,
                             "CozyNest"sv,
                             "TrailBlazer"sv,
                             "SparkleFun"sv,
                             "PureHeat"sv,
                             "SafeSleep"sv,
                             "UrbanGlide"sv,
                             "ChefPro"sv,
                             "BrightBuild"sv};

constexpr std::array kStyles{"Red"sv, "Blue"sv, "Pink"sv, "Black"sv, "White"sv, "Grey"sv, "Green"sv, "Assorted"sv};

constexpr std::array kPortsOfEntry{"Baltimore, MD"sv,
                                   "Los Angeles/Long Beach, CA"sv,
                                   "Newark, NJ"sv,
                                   "Savannah, GA"sv,
                                   "Houston, TX"sv,
                                   "Seattle/Tacoma, WA"sv,
                                   "Chicago (O'Hare), IL"sv,
                                   "Miami, FL"sv,
                                   "Memphis, TN"sv,
                                   "Louisville, KY"sv};

constexpr std::array kTestResults{"pending"sv, "compliant"sv, "non-compliant"sv, "non-compliant"sv, "inconclusive"sv};

constexpr std::array kClosureReasons{"Firm completed the corrective action"sv,
                                     "Shipment re-exported under supervision"sv,
                                     "Shipment destroyed under supervision"sv,
                                     "No violation found"sv,
                                     "Referred to another agency"sv,
                                     "Firm out of business"sv};

constexpr std::array kCitations{"16 CFR 1303 (lead paint)"sv,
                                "16 CFR 1500.18 (banned toys)"sv,
                                "16 CFR 1203 (bicycle helmets)"sv,
                                "16 CFR 1218 (bassinets)"sv,
                                "16 CFR 1261 (clothing storage units)"sv,
                                "CPSA section 15(b)"sv};

constexpr std::array kNoteSummaries{"Called the importer about the held entry"sv,
                                    "Reviewed the firm's test reports"sv,
                                    "Site visit: inventory counted and tagged"sv,
                                    "Received incident report from consumer"sv,
                                    "Requested distribution records"sv,
                                    "Sample shipped to the laboratory"sv};

} // namespace

std::span<const std::string_view> DemoVocabulary::givenNames()
{
    return kGivenNames;
}
std::span<const std::string_view> DemoVocabulary::familyNames()
{
    return kFamilyNames;
}
std::span<const std::string_view> DemoVocabulary::familyNameStems()
{
    return kFamilyNameStems;
}
std::span<const std::string_view> DemoVocabulary::familyNameEndings()
{
    return kFamilyNameEndings;
}
std::span<const std::string_view> DemoVocabulary::jobTitles()
{
    return kJobTitles;
}
std::span<const std::string_view> DemoVocabulary::streets()
{
    return kStreets;
}
std::span<const std::string_view> DemoVocabulary::cities()
{
    return kCities;
}
std::span<const std::string_view> DemoVocabulary::firmWords()
{
    return kFirmWords;
}
std::span<const std::string_view> DemoVocabulary::firmSuffixes()
{
    return kFirmSuffixes;
}
std::span<const std::string_view> DemoVocabulary::foreignCountries()
{
    return kForeignCountries;
}
std::span<const std::string_view> DemoVocabulary::products()
{
    return kProducts;
}
std::span<const std::string_view> DemoVocabulary::brands()
{
    return kBrands;
}
std::span<const std::string_view> DemoVocabulary::styles()
{
    return kStyles;
}
std::span<const std::string_view> DemoVocabulary::portsOfEntry()
{
    return kPortsOfEntry;
}
std::span<const std::string_view> DemoVocabulary::testResults()
{
    return kTestResults;
}
std::span<const std::string_view> DemoVocabulary::closureReasons()
{
    return kClosureReasons;
}
std::span<const std::string_view> DemoVocabulary::citations()
{
    return kCitations;
}
std::span<const std::string_view> DemoVocabulary::noteSummaries()
{
    return kNoteSummaries;
}

} // namespace cms::core::admin
