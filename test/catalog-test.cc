/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Every conformance case of the catalog as a Boost.Test case named by its id.
 */

#include "sockbench-catalog.h"

#include <boost/test/unit_test.hpp>

using namespace ns3;

namespace
{
struct CatalogRegistrar
{
    CatalogRegistrar()
    {
        auto* suite = BOOST_TEST_SUITE("conformance");
        for (const auto& c : SockbenchCatalog().GetCases())
        {
            const ConformanceCase* kase = &c;
            suite->add(boost::unit_test::make_test_case(
                [kase] {
                    ConformanceResult r = ConformanceCatalog::Run(*kase);
                    BOOST_TEST(r.passed, kase->id << ": " << kase->title << "\n" << r.message);
                },
                c.id,
                __FILE__,
                __LINE__));
        }
        boost::unit_test::framework::master_test_suite().add(suite);
    }
} g_catalogRegistrar;
} // namespace

BOOST_AUTO_TEST_CASE(catalog_ids_are_rule_prefixed_and_unique)
{
    std::set<std::string> ids;
    for (const auto& c : SockbenchCatalog().GetCases())
    {
        BOOST_TEST(ids.insert(c.id).second, "duplicate " << c.id);
        BOOST_TEST(c.id.rfind(c.rules.front() + "_", 0) == 0u, c.id);
    }
    BOOST_TEST(ids.size() >= 20u);
    BOOST_TEST(SockbenchCatalog().Select("TH3").size() == 1u);
    BOOST_TEST(SockbenchCatalog().Select("PO1,EF").size() == 5u);
    BOOST_TEST(SockbenchCatalog().Select("nothing-like-this").empty());
}
