/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Boost.Test entry point of the sockbench unit tests.
 */

#define BOOST_TEST_MODULE sockbench
#include <boost/test/unit_test.hpp>
